package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fovea train end to end on a slice of the embedded Fashion-MNIST subset. */
class TrainCommandTest {
    private static CommandRunner.Result train(String... args) {
        List<String> all = new ArrayList<>(List.of("train", "--data", "fashion-mnist-embedded", "--limit", "600", "--json"));
        all.addAll(List.of(args));
        return CommandRunner.run(all.toArray(new String[0]));
    }

    @Test
    void writesTheRunDirectoryAndLearns(@TempDir Path dir) throws Exception {
        CommandRunner.Result r = train("--epochs", "3", "--out", dir.toString(), "--batch", "16");
        assertEquals(0, r.code(), r.err());
        assertEquals(4, r.json().size(), "three epochs and a result");
        JsonNode result = r.json().get(3);
        assertEquals("train", result.get("name").asText());
        assertTrue(result.get("test_acc").asDouble() > 0.5, "a LeNet-5 on 540 images should beat 50 %: " + result);
        for (String f : List.of("command.txt", "metrics.csv", "loss.png", "accuracy.png", "last.safetensors", "best.safetensors")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertEquals(4, Files.readAllLines(dir.resolve("metrics.csv")).size());
        String command = Files.readString(dir.resolve("command.txt"));
        assertTrue(command.startsWith("./fovea train ") && !command.contains("train train") && command.contains("--epochs 3"), command);
    }

    @Test
    void resumingReproducesTheUninterruptedRun(@TempDir Path dir) throws Exception {
        // A step schedule, whose rate does not depend on the total number of epochs, as the interrupted run
        // was started with 1 epoch and continued to 3 (a cosine schedule would differ legitimately).
        CommandRunner.Result whole = train("--epochs", "3", "--schedule", "step:1:0.5", "--out", dir.resolve("whole").toString());
        CommandRunner.Result first = train("--epochs", "1", "--schedule", "step:1:0.5", "--out", dir.resolve("part").toString());
        CommandRunner.Result rest = train("--resume", dir.resolve("part/last.safetensors").toString(), "--epochs", "3");
        assertEquals(0, whole.code() + first.code() + rest.code(), whole.err() + first.err() + rest.err());
        assertEquals(whole.json().get(0).get("train_loss").asDouble(), first.json().get(0).get("train_loss").asDouble());
        for (int e = 1; e < 3; e++) {
            assertEquals(whole.json().get(e).get("train_loss").asDouble(), rest.json().get(e - 1).get("train_loss").asDouble(),
                    "epoch " + (e + 1) + " after resuming");
            assertEquals(whole.json().get(e).get("val_acc").asDouble(), rest.json().get(e - 1).get("val_acc").asDouble());
        }
        assertEquals(whole.json().get(3).get("test_acc").asDouble(), rest.json().get(2).get("test_acc").asDouble());
        assertEquals(4, Files.readAllLines(dir.resolve("part/metrics.csv")).size(), "the resumed run continues metrics.csv");
    }

    @Test
    void refusesToOverwriteARunAndNamesUnknownModels(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("metrics.csv"), "x");
        CommandRunner.Result r = train("--epochs", "1", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("already holds a run") && r.err().contains("--force"), r.err());
        r = train("--model", "resnet9000");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown model 'resnet9000'") && r.err().contains("lenet5, mlp"), r.err());
        r = train("--resume", dir.resolve("nothing.safetensors").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("checkpoint not found"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void divergingTrainingStopsWithAClearMessage(@TempDir Path dir) throws Exception {
        CommandRunner.Result r = train("--epochs", "1", "--out", dir.toString(), "--lr", "1e6", "--schedule", "none");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("learning rate") && r.err().contains("step"), r.err());
    }

    @Test
    void transferLearningFreezesTheFeaturesAndTrainsANewHead(@TempDir Path dir) throws Exception {
        CommandRunner.Result base = train("--classes", "0-4", "--epochs", "1", "--out", dir.resolve("base").toString());
        assertEquals(0, base.code(), base.err());
        Path ckpt = dir.resolve("base/last.safetensors");
        CommandRunner.Result tuned = train("--classes", "5-9", "--epochs", "1", "--from", ckpt.toString(), "--freeze", "features",
                "--out", dir.resolve("tuned").toString());
        assertEquals(0, tuned.code(), tuned.err());
        assertTrue(tuned.err().contains("trained from scratch: [11.weight, 11.bias]"), tuned.err());
        var before = org.fovea.io.Checkpoint.load(ckpt).model();
        var after = org.fovea.io.Checkpoint.load(dir.resolve("tuned/last.safetensors")).model();
        assertTrue(java.util.Arrays.equals(before.get("0.weight").toArray(), after.get("0.weight").toArray()), "conv1 frozen");
        assertTrue(java.util.Arrays.equals(before.get("3.weight").toArray(), after.get("3.weight").toArray()), "conv2 frozen");
        assertTrue(!java.util.Arrays.equals(before.get("9.weight").toArray(), after.get("9.weight").toArray()), "fc2 fine-tuned");
        CommandRunner.Result bad = train("--freeze", "features", "--out", dir.resolve("x").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--freeze features needs --from"), bad.err());
    }
}

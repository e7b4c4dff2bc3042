package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fovea train end to end on a slice of the embedded Fashion-MNIST subset. */
class TrainCommandTest {
    private record Run(int code, List<JsonNode> json, String err) {}

    private static Run train(String... args) throws Exception {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            List<String> all = new ArrayList<>(List.of("train", "--data", "fashion-mnist-embedded", "--limit", "600", "--json"));
            all.addAll(List.of(args));
            int code = Main.run(all.toArray(new String[0]));
            List<JsonNode> json = new ArrayList<>();
            ObjectMapper mapper = new ObjectMapper();
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) if (!line.isBlank()) json.add(mapper.readTree(line));
            return new Run(code, json, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void writesTheRunDirectoryAndLearns(@TempDir Path dir) throws Exception {
        Run r = train("--epochs", "3", "--out", dir.toString(), "--batch", "16");
        assertEquals(0, r.code(), r.err());
        assertEquals(4, r.json().size(), "three epochs and a result");
        JsonNode result = r.json().get(3);
        assertEquals("train", result.get("name").asText());
        assertTrue(result.get("test_acc").asDouble() > 0.5, "a LeNet-5 on 540 images should beat 50 %: " + result);
        for (String f : List.of("command.txt", "metrics.csv", "loss.png", "accuracy.png", "last.safetensors", "best.safetensors")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertEquals(4, Files.readAllLines(dir.resolve("metrics.csv")).size());
        assertTrue(Files.readString(dir.resolve("command.txt")).contains("--epochs 3"));
    }

    @Test
    void resumingReproducesTheUninterruptedRun(@TempDir Path dir) throws Exception {
        // A step schedule, whose rate does not depend on the total number of epochs, as the interrupted run
        // was started with 1 epoch and continued to 3 (a cosine schedule would differ legitimately).
        Run whole = train("--epochs", "3", "--schedule", "step:1:0.5", "--out", dir.resolve("whole").toString());
        Run first = train("--epochs", "1", "--schedule", "step:1:0.5", "--out", dir.resolve("part").toString());
        Run rest = train("--resume", dir.resolve("part/last.safetensors").toString(), "--epochs", "3");
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
        Run r = train("--epochs", "1", "--out", dir.toString());
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
        Run r = train("--epochs", "1", "--out", dir.toString(), "--lr", "1e6", "--schedule", "none");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("learning rate") && r.err().contains("step"), r.err());
    }
}

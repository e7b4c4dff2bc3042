package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.data.Images;
import org.fovea.io.Checkpoint;
import org.fovea.tensor.Tensor;
import org.fovea.zoo.Models;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fovea eval on a checkpoint that fovea train wrote (one epoch on 300 embedded Fashion-MNIST images). */
class EvalCommandTest {
    @TempDir static Path dir;
    static Path ckpt;
    static JsonNode trained;

    @BeforeAll
    static void train() {
        CommandRunner.Result r = CommandRunner.run("train", "--data", "fashion-mnist-embedded", "--limit", "300", "--epochs", "1",
                "--out", dir.resolve("run").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        trained = r.json().get(r.json().size() - 1);
        ckpt = dir.resolve("run/last.safetensors");
    }

    private static void assertCleanError(CommandRunner.Result r, String expected) {
        assertEquals(2, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertTrue(lines[lines.length - 1].startsWith("fovea eval: "), "the error is the last line: " + r.err());
        assertTrue(r.err().contains(expected), "want \"" + expected + "\" in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void reproducesTheTestAccuracyOfTraining() {
        CommandRunner.Result r = CommandRunner.run("eval", "--checkpoint", ckpt.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.json().size(), r.out());
        JsonNode e = r.json().get(0);
        assertEquals("eval", e.get("name").asText());
        assertEquals("accuracy", e.get("unit").asText());
        assertEquals(trained.get("test_acc").asDouble(), e.get("value").asDouble(), "same model, test set and normalisation as train");
        assertEquals(e.get("value").asDouble(), e.get("test_acc").asDouble());
        assertEquals(trained.get("test_top5").asDouble(), e.get("top5").asDouble());
        assertTrue(e.get("loss").asDouble() > 0 && e.get("top5").asDouble() >= e.get("value").asDouble(), e.toString());
        assertEquals(2000, e.get("count").asInt());
        assertEquals(10, e.get("per_class").size());
        assertTrue(e.get("per_class").has("Ankle boot"), e.toString());
        long total = 0;
        long correct = 0;
        assertEquals(10, e.get("confusion").size());
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) total += e.get("confusion").get(i).get(j).asLong();
            correct += e.get("confusion").get(i).get(i).asLong();
        }
        assertEquals(2000, total);
        assertEquals(e.get("value").asDouble(), correct / 2000.0, 1e-12);
        assertTrue(r.err().contains("data: fashion-mnist: subset embedded"), "the recipe's data set by default: " + r.err());
    }

    @Test
    void printsATableAndTheConfusionMatrix() {
        CommandRunner.Result r = CommandRunner.run("eval", "--checkpoint", ckpt.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("top-1 "), r.out());
        assertTrue(r.out().contains("T-shirt/top"), r.out());
        assertTrue(r.out().contains("confusion matrix (rows: true class, columns: predicted class)"), r.out());
        assertEquals(1 + 1 + 1 + 1 + 10 + 1 + 1 + 1 + 10, r.out().split("\n").length, r.out());
    }

    @Test
    void evaluatesTheTrainingSplitOfAnotherDataName() {
        CommandRunner.Result r = CommandRunner.run("eval", "--checkpoint", ckpt.toString(), "--data", "fashion-mnist-embedded", "--split", "train", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode e = r.json().get(0);
        assertEquals(10000, e.get("count").asInt());
        assertEquals("train", e.get("split").asText());
        assertEquals(e.get("value").asDouble(), e.get("train_acc").asDouble());
    }

    @Test
    void missingOrCorruptCheckpointsAreOneLine() throws Exception {
        Path missing = dir.resolve("nope.safetensors");
        assertCleanError(CommandRunner.run("eval", "--checkpoint", missing.toString()), "checkpoint not found: " + missing);
        Path text = Files.writeString(dir.resolve("text.safetensors"), "this is not a checkpoint at all");
        assertCleanError(CommandRunner.run("eval", "--checkpoint", text.toString()), text.toString());
        byte[] bytes = Files.readAllBytes(ckpt);
        Path truncated = Files.write(dir.resolve("truncated.safetensors"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertCleanError(CommandRunner.run("eval", "--checkpoint", truncated.toString()), truncated.toString());
    }

    @Test
    void aCheckpointThatDoesNotFitItsModelNamesTheTensor() throws Exception {
        Checkpoint c = Checkpoint.load(ckpt);
        Map<String, Object> config = new LinkedHashMap<>(TrainCommand.castMap(c.metadata().get(Checkpoint.MODEL_CONFIG)));
        config.put("classes", 5);
        Path fewer = save(c, c.model(), Map.of(Checkpoint.MODEL_CONFIG, config, Checkpoint.CLASS_NAMES, java.util.List.of("a", "b", "c", "d", "e")), "fewer");
        assertCleanError(CommandRunner.run("eval", "--checkpoint", fewer.toString()),
                "does not fit a lenet5 model {channels=1, classes=5, size=28}: tensor '11.weight' has shape [10, 84] but the model expects [5, 84]");
        var mlp = Models.create("mlp", Map.of("hidden", 30), new SplittableRandom(1)).stateDict();
        Path other = save(c, mlp, Map.of(), "mlp-weights");
        assertCleanError(CommandRunner.run("eval", "--checkpoint", other.toString()), "does not fit a lenet5 model");
        Path noName = save(c, c.model(), Map.of(Checkpoint.MODEL_NAME, 7), "no-name");
        assertCleanError(CommandRunner.run("eval", "--checkpoint", noName.toString()), "not a model checkpoint");
    }

    @Test
    void dataThatDoesNotFitTheModelIsRefused() throws Exception {
        for (String cls : new String[] {"cat", "dog"}) {
            Files.createDirectories(dir.resolve("folder/" + cls));
            Images.writePng(Tensor.rand(new SplittableRandom(2), 3, 8, 8), dir.resolve("folder/" + cls + "/a.png"));
        }
        String folder = "folder:" + dir.resolve("folder");
        assertCleanError(CommandRunner.run("eval", "--checkpoint", ckpt.toString(), "--data", folder, "--split", "train"),
                "has 3×8×8 images but the checkpoint's lenet5 model takes 1×28×28");
        assertCleanError(CommandRunner.run("eval", "--checkpoint", ckpt.toString(), "--data", folder), "has no \"test\" split");
        assertCleanError(CommandRunner.run("eval", "--checkpoint", ckpt.toString(), "--split", "val"), "--split must be test or train");
        assertCleanError(CommandRunner.run("eval", "--checkpoint", ckpt.toString(), "--data", "imagenet"), "unknown data \"imagenet\"");
    }

    private static Path save(Checkpoint c, Map<String, Tensor> model, Map<String, Object> metadataChanges, String name) throws Exception {
        Map<String, Object> meta = new LinkedHashMap<>(c.metadata());
        meta.putAll(metadataChanges);
        Path p = dir.resolve(name + ".safetensors");
        new Checkpoint(model, c.optimizer(), meta).save(p);
        return p;
    }
}

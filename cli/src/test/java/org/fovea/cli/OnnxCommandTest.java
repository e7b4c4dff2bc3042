package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.autograd.GradMode;
import org.fovea.data.DataSets;
import org.fovea.data.Images;
import org.fovea.data.Normalization;
import org.fovea.io.Checkpoint;
import org.fovea.nn.Module;
import org.fovea.onnx.OnnxExporter;
import org.fovea.onnx.Tensors;
import org.fovea.tensor.Tensor;
import org.fovea.zoo.Models;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fovea onnx export → import → predict round trip on a LeNet-5 checkpoint, summary of an .onnx file, and check on a case made here. */
class OnnxCommandTest {
    @TempDir static Path dir;
    static Path ckpt;
    static Path image;

    @BeforeAll
    static void writeCheckpoint() throws Exception {
        Map<String, Object> config = new LinkedHashMap<>(Map.of("channels", 1, "size", 28, "classes", 10));
        Module model = Models.create("lenet5", config, new SplittableRandom(3));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(Checkpoint.MODEL_NAME, "lenet5");
        meta.put(Checkpoint.MODEL_CONFIG, config);
        meta.put(Checkpoint.NORMALIZATION, new Normalization(new int[] {1, 1, 1}, new float[] {0.5f}, new float[] {0.25f}).toMap());
        meta.put(Checkpoint.CLASS_NAMES, DataSets.FASHION_MNIST_CLASSES);
        ckpt = dir.resolve("lenet.safetensors");
        new Checkpoint(model.stateDict(), Map.of(), meta).save(ckpt);
        image = dir.resolve("img.png");
        Images.writePng(Tensor.rand(new SplittableRandom(4), 1, 28, 28), image);
    }

    @Test
    void exportImportAndPredictAgree() {
        Path onnx = dir.resolve("lenet.onnx");
        CommandRunner.Result r = CommandRunner.run("onnx", "export", "--checkpoint", ckpt.toString(), "--out", onnx.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(onnx));
        Path back = dir.resolve("back.safetensors");
        r = CommandRunner.run("onnx", "import", onnx.toString(), "--out", back.toString(), "--mean", "0.5", "--std", "0.25", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(10, r.json().get(0).get("classes").asInt());
        JsonNode original = CommandRunner.run("predict", "--checkpoint", ckpt.toString(), "--json", image.toString()).json().get(0);
        JsonNode imported = CommandRunner.run("predict", "--checkpoint", back.toString(), "--json", image.toString()).json().get(0);
        for (int k = 0; k < 5; k++) {
            assertEquals(original.get("top5").get(k).get("probability").asDouble(), imported.get("top5").get(k).get("probability").asDouble(), 1e-5);
        }
        CommandRunner.Result direct = CommandRunner.run("predict", "--checkpoint", onnx.toString(), "--json", image.toString());
        assertEquals(0, direct.code(), direct.err());
        assertEquals(5, direct.json().get(0).get("top5").size());
        r = CommandRunner.run("onnx", "export", "--checkpoint", back.toString(), "--out", dir.resolve("again.onnx").toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void summaryListsTheNodesOfAnOnnxFile() throws Exception {
        Path onnx = dir.resolve("summary.onnx");
        OnnxExporter.write(Models.create("lenet5", Map.of(), new SplittableRandom(1)), onnx, 1, 1, 28, 28);
        CommandRunner.Result r = CommandRunner.run("summary", onnx.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> rows = r.json();
        JsonNode total = rows.get(rows.size() - 1);
        assertEquals("total", total.get("name").asText());
        assertEquals(61_706, total.get("params").asLong());
        assertEquals("Conv", rows.get(0).get("type").asText());
    }

    @Test
    void checkRunsACaseAndEndsWithTheCounts() throws Exception {
        Module model = Models.create("lenet5", Map.of(), new SplittableRandom(2));
        model.eval();
        Path c = Files.createDirectories(dir.resolve("cases/test_lenet/test_data_set_0"));
        OnnxExporter.write(model, c.getParent().resolve("model.onnx"), 1, 1, 28, 28);
        Tensor x = Tensor.randn(new SplittableRandom(5), 1, 1, 28, 28);
        Tensor y;
        try (var scope = GradMode.noGrad()) {
            y = model.forward(x).data();
        }
        Files.write(c.resolve("input_0.pb"), Tensors.write("input", x).toByteArray());
        Files.write(c.resolve("output_0.pb"), Tensors.write("output", y).toByteArray());
        CommandRunner.Result r = CommandRunner.run("onnx", "check", dir.resolve("cases").toString());
        assertEquals(0, r.code(), r.err() + r.out());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals("PASS test_lenet", lines.get(0));
        assertEquals("1 passed, 0 failed, 0 skipped", lines.get(lines.size() - 1));
    }

    @Test
    void badFilesGiveOneCleanLine() throws Exception {
        Path bad = dir.resolve("bad.onnx");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5});
        CommandRunner.Result r = CommandRunner.run("onnx", "import", bad.toString(), "--out", dir.resolve("x.safetensors").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("fovea import: "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}

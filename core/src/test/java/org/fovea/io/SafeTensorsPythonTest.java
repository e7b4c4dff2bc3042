package org.fovea.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by Fovea, read back in Python by scripts/golden/safetensors_golden.py --check (the
 * `safetensors` package when installed, else an independent stdlib reader). Skipped without Python.
 */
class SafeTensorsPythonTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static Path script;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPythonAndScript() {
        assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3");
        for (Path p = Path.of("").toAbsolutePath(); p != null && script == null; p = p.getParent()) {
            Path candidate = p.resolve("scripts/golden/safetensors_golden.py");
            if (Files.isRegularFile(candidate)) script = candidate;
        }
        assumeTrue(script != null, "scripts/golden/safetensors_golden.py not found above the working directory");
    }

    private static JsonNode check(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), "--check", file.toString()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), "python failed: " + err);
        return new ObjectMapper().readTree(out);
    }

    private static void assertTensor(Tensor expected, JsonNode actual, String name) {
        assertEquals("F32", actual.get("dtype").asText(), name);
        int[] shape = expected.shape();
        assertEquals(shape.length, actual.get("shape").size(), name + " rank");
        for (int i = 0; i < shape.length; i++) assertEquals(shape[i], actual.get("shape").get(i).asInt(), name + " dim " + i);
        float[] values = expected.toArray();
        JsonNode data = actual.get("data");
        assertEquals(values.length, data.size(), name + " numel");
        for (int i = 0; i < values.length; i++) assertEquals(values[i], (float) data.get(i).asDouble(), name + " element " + i);
    }

    @Test
    void pythonReadsWhatJavaWrites() throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        float[] w = new float[4 * 3 * 5];
        for (int i = 0; i < w.length; i++) w[i] = (float) rng.nextGaussian() * 1e-3f;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("features.0.weight", Tensor.wrap(w, 4, 3, 5));
        tensors.put("features.0.bias", Tensor.of(new float[] {-1e-30f, 3e38f, 0.1f, -0f}, 4));
        tensors.put("scale", Tensor.scalar(2.5f));
        Map<String, String> meta = Map.of("epoch", "12", "ünicode", "€ \"quoted\" \\ \n");
        Path file = dir.resolve("java.safetensors");
        SafeTensors.write(file, tensors, meta);

        JsonNode got = check(file);
        System.out.println("[interop] python reader: " + got.get("reader").asText());
        assertTrue(got.get("crc_ok").asBoolean(), "python recomputes Fovea's crc32");
        assertEquals("12", got.get("metadata").get("epoch").asText());
        assertEquals("€ \"quoted\" \\ \n", got.get("metadata").get("ünicode").asText());
        assertEquals(3, got.get("tensors").size());
        tensors.forEach((name, t) -> assertTensor(t, got.get("tensors").get(name), name));
    }

    @Test
    void pythonReadsACheckpoint() throws Exception {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(Checkpoint.MODEL_NAME, "lenet");
        meta.put(Checkpoint.CLASS_NAMES, List.of("zero", "one"));
        meta.put(Checkpoint.EPOCH, 3);
        Checkpoint ckpt = new Checkpoint(Map.of("fc.weight", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)),
                Map.of("fc.weight.momentum", Tensor.of(new float[] {0.5f, 0.25f, 0f, -1f}, 2, 2)), meta);
        Path file = dir.resolve("ckpt.safetensors");
        ckpt.save(file);

        JsonNode got = check(file);
        assertTrue(got.get("crc_ok").asBoolean());
        assertTensor(ckpt.model().get("fc.weight"), got.get("tensors").get("fc.weight"), "fc.weight");
        assertTensor(ckpt.optimizer().get("fc.weight.momentum"), got.get("tensors").get("optim.fc.weight.momentum"), "optim");
        JsonNode fovea = new ObjectMapper().readTree(got.get("metadata").get(Checkpoint.METADATA_KEY).asText());
        assertEquals(Checkpoint.FORMAT_VERSION, fovea.get(Checkpoint.FORMAT_VERSION_KEY).asInt());
        assertEquals("lenet", fovea.get("model").asText());
        assertEquals("one", fovea.get("class_names").get(1).asText());
        assertEquals(3, fovea.get("epoch").asInt());
    }
}

package org.fovea.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    static Checkpoint sample() {
        Map<String, Tensor> model = new LinkedHashMap<>();
        model.put("features.0.weight", Tensor.arange(24).reshape(2, 3, 2, 2));
        model.put("features.0.bias", Tensor.of(new float[] {0.5f, -0.5f}, 2));
        model.put("features.1.running_mean", Tensor.of(new float[] {1e-7f, 3f}, 2));
        model.put("classifier.weight", Tensor.full(0.25f, 3, 2));
        Map<String, Tensor> optim = Map.of("features.0.weight.momentum_buffer", Tensor.full(-1f, 2, 3, 2, 2), "lr", Tensor.of(new float[] {0.1f, 0, 0}, 3));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(Checkpoint.MODEL_NAME, "alexnet");
        meta.put(Checkpoint.MODEL_CONFIG, Map.of("num_classes", 10L, "dropout", 0.5, "widths", List.of(64L, 192L)));
        meta.put(Checkpoint.EPOCH, 7L);
        meta.put(Checkpoint.STEP, 123456789012L);
        meta.put(Checkpoint.RNG_STATE, "L64X128MixRandom:0123456789abcdef");
        meta.put(Checkpoint.NORMALIZATION, Map.of("mean", List.of(0.4914, 0.4822, 0.4465), "std", List.of(0.247, 0.243, 0.261)));
        meta.put(Checkpoint.CLASS_NAMES, List.of("airplane", "automobile", "bird \"quoted\"", "chat 🐈"));
        meta.put(Checkpoint.OPTIMIZER_NAME, "sgd");
        meta.put(Checkpoint.OPTIMIZER_CONFIG, Map.of("lr", 0.01, "momentum", 0.9, "nesterov", true, "weight_decay", 5e-4));
        meta.put("best_val_acc", null);
        return new Checkpoint(model, optim, meta);
    }

    static void assertTensorsEqual(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, t) -> {
            assertArrayEquals(t.shape(), actual.get(name).shape(), name);
            assertArrayEquals(t.toArray(), actual.get(name).toArray(), name);
        });
    }

    @Test
    void roundTrips() throws IOException {
        Checkpoint c = sample();
        Path p = dir.resolve("ckpt.safetensors");
        c.save(p);
        Checkpoint back = Checkpoint.load(p);
        assertTensorsEqual(c.model(), back.model());
        assertTensorsEqual(c.optimizer(), back.optimizer());
        assertEquals(c.metadata(), back.metadata());
        assertEquals(List.copyOf(c.metadata().keySet()), List.copyOf(back.metadata().keySet()), "metadata order kept");
        SafeTensors.Contents raw = SafeTensors.read(p);
        assertTrue(raw.tensors().containsKey("optim.lr"), "optimiser tensors under the prefix");
        assertEquals(Map.of(Checkpoint.METADATA_KEY, raw.metadata().get(Checkpoint.METADATA_KEY)), raw.metadata());
    }

    @Test
    void saveReplacesAnExistingCheckpoint() throws IOException {
        Path p = dir.resolve("ckpt.safetensors");
        sample().save(p);
        new Checkpoint(Map.of("w", Tensor.scalar(1)), Map.of(), Map.of("epoch", 8L)).save(p);
        Checkpoint back = Checkpoint.load(p);
        assertEquals(Map.of("epoch", 8L), back.metadata());
        assertEquals(1f, back.model().get("w").item());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList(), "no temporary file left");
        }
    }

    @Test
    void integersComeBackAsLongs() throws IOException {
        Path p = dir.resolve("ints.safetensors");
        new Checkpoint(Map.of(), Map.of(), Map.of("epoch", 3, "lr", 0.1f)).save(p);
        assertEquals(Map.of("epoch", 3L, "lr", 0.1), Checkpoint.load(p).metadata());
    }

    @Test
    void rejectsInvalidContentOnSave() {
        Path p = dir.resolve("bad.safetensors");
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint(Map.of(), Map.of(), Map.of("optimizer_config", Map.of("lr", Double.NaN))).save(p));
        assertEquals("Checkpoint.save: metadata.optimizer_config.lr: NaN is not representable in JSON", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(Map.of(), Map.of(), Map.of("x", new Object())).save(p));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(Map.of("optim.w", Tensor.scalar(1)), Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(Map.of(), Map.of(), Map.of("format_version", 2)));
        assertTrue(Files.notExists(p));
    }

    @Test
    void missingCheckpoint() {
        Path p = dir.resolve("missing.safetensors");
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> Checkpoint.load(p));
        assertEquals("checkpoint not found: " + p, e.getMessage());
    }

    private static CheckpointFormatException assertRejected(Path p) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        return e;
    }

    @Test
    void everyTruncationIsReported() throws IOException {
        Path good = dir.resolve("good.safetensors");
        sample().save(good);
        byte[] bytes = Files.readAllBytes(good);
        Path p = dir.resolve("truncated.safetensors");
        long headerEnd = 8 + java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        for (int len = 0; len < bytes.length; len++) {
            Files.write(p, Arrays.copyOf(bytes, len));
            String message = assertRejected(p).getMessage();
            String expected = len < 8 ? "too short" : len < headerEnd ? "exceeds the file size" : "(truncated file?)";
            assertTrue(message.contains(expected), len + " bytes: " + message);
        }
    }

    @Test
    void everyFlippedBitIsReported() throws IOException {
        Path good = dir.resolve("good.safetensors");
        new Checkpoint(Map.of("w", Tensor.of(new float[] {1, 2, 3}, 3)), Map.of("m", Tensor.scalar(4)),
                Map.of("epoch", 2L, "classes", List.of("a", "b"))).save(good);
        byte[] bytes = Files.readAllBytes(good);
        Path p = dir.resolve("flipped.safetensors");
        Map<String, Integer> kinds = new HashMap<>();
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = bytes.clone();
                flipped[i] ^= (byte) (1 << bit);
                Files.write(p, flipped);
                String m = assertRejected(p).getMessage().substring(p.toString().length() + 2);
                kinds.merge(m.replaceAll("[0-9].*", ""), 1, Integer::sum);
            }
        }
        assertTrue(kinds.keySet().stream().anyMatch(k -> k.startsWith("checksum mismatch")), kinds.toString());
        assertTrue(kinds.keySet().stream().anyMatch(k -> k.startsWith("header is not valid JSON")), kinds.toString());
    }

    @Test
    void refusesFilesThatAreNotFoveaCheckpoints() throws IOException {
        Path plain = SafeTensorsTest.resource(dir, "dtypes.safetensors");
        assertTrue(assertRejected(plain).getMessage().contains("not a Fovea checkpoint: no 'fovea.crc32' checksum"));
        Path noFovea = dir.resolve("nofovea.safetensors");
        SafeTensors.write(noFovea, Map.of("w", Tensor.scalar(1)), Map.of("other", "x"));
        assertTrue(assertRejected(noFovea).getMessage().contains("no 'fovea' entry in the metadata"));
        Path newer = dir.resolve("newer.safetensors");
        SafeTensors.write(newer, Map.of(), Map.of("fovea", "{\"format_version\":99}"));
        assertTrue(assertRejected(newer).getMessage().contains("format version 99 is newer"));
        Path badJson = dir.resolve("badjson.safetensors");
        SafeTensors.write(badJson, Map.of(), Map.of("fovea", "{\"format_version\":1,}"));
        assertTrue(assertRejected(badJson).getMessage().contains("metadata 'fovea' is not a valid JSON object"));
    }
}

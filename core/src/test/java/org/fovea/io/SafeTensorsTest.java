package org.fovea.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    /** The tensors of golden.safetensors, as scripts/golden/safetensors_golden.py writes them. */
    static Map<String, Tensor> goldenTensors() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("conv.weight", Tensor.of(new float[] {0.5f, -1.25f, 3.0e-8f, 65504f, -0f, Float.POSITIVE_INFINITY}, 2, 3));
        t.put("bias", Tensor.of(new float[] {7.25f}));
        t.put("empty", Tensor.zeros(0, 3));
        return t;
    }

    static Map<String, String> goldenMetadata() {
        return Map.of("author", "golden \"script\" ü€", "note", "line\nbreak\ttab");
    }

    static Path resource(Path dir, String name) throws IOException {
        Path out = dir.resolve(name);
        try (InputStream in = SafeTensorsTest.class.getResourceAsStream("/golden/safetensors/" + name)) {
            if (in == null) throw new IllegalStateException("missing golden file " + name + "; run scripts/golden/safetensors_golden.py");
            Files.copy(in, out);
        }
        return out;
    }

    /** A file with the given header text (unpadded) and data bytes. */
    static Path raw(Path dir, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path p = Files.createTempFile(dir, "raw", ".safetensors");
        Files.write(p, b.array());
        return p;
    }

    static void assertSame(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, t) -> {
            assertArrayEquals(t.shape(), actual.get(name).shape(), name + " shape");
            assertArrayEquals(t.toArray(), actual.get(name).toArray(), name + " values");
        });
    }

    @Test
    void readsThePythonGolden() throws IOException {
        SafeTensors.Contents c = SafeTensors.read(resource(dir, "golden.safetensors"));
        assertSame(goldenTensors(), c.tensors());
        assertEquals(goldenMetadata(), c.metadata());
        assertTrue(c.checksummed());
        assertEquals(List.of("bias", "conv.weight", "empty"), new ArrayList<>(c.tensors().keySet()), "file order");
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(c.tensors().get("conv.weight").get(1, 1)));
    }

    @Test
    void writesTheSameBytesAsTheReferenceLayout() throws IOException {
        Path out = dir.resolve("java.safetensors");
        SafeTensors.write(out, goldenTensors(), goldenMetadata().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
        assertArrayEquals(Files.readAllBytes(resource(dir, "golden.safetensors")), Files.readAllBytes(out));
    }

    @Test
    void readsOtherDtypesAsFloat() throws IOException {
        SafeTensors.Contents c = SafeTensors.read(resource(dir, "dtypes.safetensors"));
        assertFalse(c.checksummed());
        assertEquals(Map.of("source", "hand"), c.metadata());
        Map<String, Tensor> t = c.tensors();
        assertArrayEquals(new float[] {1.5f, -2.25f, 0.1f}, t.get("f64").toArray());
        assertArrayEquals(new float[] {1f, -0.5f, 65504f, 0x1p-24f}, t.get("f16").toArray());
        assertArrayEquals(new int[] {2, 2}, t.get("f16").shape());
        assertArrayEquals(new float[] {1f, -3.5f, 0x1p100f}, t.get("bf16").toArray());
        assertArrayEquals(new float[] {-7f, 16777216f}, t.get("i64").toArray());
        assertArrayEquals(new float[] {123456f, -1f}, t.get("i32").toArray());
        assertArrayEquals(new float[] {0f, 128f, 255f}, t.get("u8").toArray());
        assertArrayEquals(new float[] {1f, 0f}, t.get("flag").toArray());
    }

    @Test
    void roundTripsLargeAndViewTensors() throws IOException {
        SplittableRandom rng = new SplittableRandom(1);
        float[] big = new float[700_001]; // spans chunk boundaries
        for (int i = 0; i < big.length; i++) big[i] = (float) rng.nextGaussian();
        Tensor matrix = Tensor.wrap(big.clone(), 700_001).narrow(0, 1, 350_000);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("big", Tensor.wrap(big, 700_001));
        tensors.put("view.t", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).t());
        tensors.put("narrow", matrix);
        tensors.put("ünï", Tensor.scalar(-3f));
        Path p = dir.resolve("big.safetensors");
        SafeTensors.write(p, tensors, Map.of());
        SafeTensors.Contents c = SafeTensors.read(p);
        assertSame(tensors, c.tensors());
        assertEquals(Map.of(), c.metadata());
        assertEquals(0, (Files.size(p) - (4L * (700_001 + 6 + 350_000 + 1))) % 8, "header padded to a multiple of 8");
    }

    @Test
    void writeRejectsReservedNames() throws IOException {
        Path p = dir.resolve("x.safetensors");
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p, Map.of("__metadata__", Tensor.scalar(1)), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p, Map.of(), Map.of(SafeTensors.CHECKSUM_KEY, "0")));
        assertFalse(Files.exists(p));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "temporary file deleted after a failed write");
        }
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.safetensors");
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> SafeTensors.read(p));
        assertEquals("file not found: " + p, e.getMessage());
    }

    private void assertRejected(Path p, String expected) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private static byte[] floats(int n) {
        return new byte[4 * n];
    }

    @Test
    void rejectsMalformedFiles() throws IOException {
        String t2 = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        Path ok = raw(dir, t2, floats(2));
        assertEquals(1, SafeTensors.read(ok).tensors().size());

        Path shortFile = dir.resolve("short");
        Files.write(shortFile, new byte[5]);
        assertRejected(shortFile, "file is 5 bytes, too short");
        Path longHeader = dir.resolve("long");
        Files.write(longHeader, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(9).array());
        assertRejected(longHeader, "header length 9 exceeds the file size 16");
        Path huge = dir.resolve("huge");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array());
        assertRejected(huge, "header length 18446744073709551615 exceeds");
        assertRejected(raw(dir, "[1]", new byte[0]), "does not start with '{'");
        assertRejected(raw(dir, "{\"a\":", new byte[0]), "not valid JSON");
        assertRejected(raw(dir, t2 + ",", floats(2)), "not valid JSON");
        assertRejected(raw(dir, "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", floats(2)),
                "duplicate key \"a\"");
        assertRejected(raw(dir, t2.replace("F32", "F8_E4M3"), floats(2)), "dtype 'F8_E4M3' is not one Fovea reads");
        assertRejected(raw(dir, t2.replace("\"dtype\":\"F32\",", ""), floats(2)), "missing or non-string \"dtype\"");
        assertRejected(raw(dir, t2.replace("[2]", "[3]"), floats(2)), "shape [3] of F32 needs 12 bytes but data_offsets [0, 8] span 8");
        assertRejected(raw(dir, t2.replace("[2]", "[-2]"), floats(2)), "\"shape\" must hold non-negative integers");
        assertRejected(raw(dir, t2.replace("[2]", "[2.0]"), floats(2)), "\"shape\" must hold non-negative integers");
        assertRejected(raw(dir, t2.replace("[0,8]", "[0,8,9]"), floats(2)), "\"data_offsets\" must be an array of 2 integers");
        assertRejected(raw(dir, t2.replace("[0,8]", "[8,0]"), floats(2)), "end before they begin");
        assertRejected(raw(dir, t2, floats(1)), "tensors need 8 data bytes but the file has only 4 after the header (truncated file?)");
        assertRejected(raw(dir, t2, floats(3)), "the file has 12 data bytes after the header but the tensors cover only 8");
        assertRejected(raw(dir, t2.replace("[0,8]", "[4,12]"), floats(3)), "leave a gap after the previous tensor ending at 0");
        String two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertRejected(raw(dir, two, floats(3)), "tensor 'b': data_offsets [4, 12] overlap the previous tensor ending at 8");
        assertRejected(raw(dir, "{\"__metadata__\":{\"k\":1}}", new byte[0]), "metadata 'k' is not a string");
        assertRejected(raw(dir, "{\"__metadata__\":[]}", new byte[0]), "'__metadata__' is not a JSON object");
        assertRejected(raw(dir, "{\"a\":[]}", new byte[0]), "tensor 'a': header entry is not a JSON object");
        assertRejected(raw(dir, "{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,0]}}", new byte[0]), "too many elements");
        assertRejected(raw(dir, "{\"__metadata__\":{\"fovea.crc32\":\"zz\"}}", new byte[0]), "checksum 'fovea.crc32' is malformed");

        byte[] badUtf8 = Files.readAllBytes(raw(dir, "{\"x\":1}", new byte[0]));
        badUtf8[10] = (byte) 0xC3;
        Path bad = dir.resolve("badutf8");
        Files.write(bad, badUtf8);
        assertRejected(bad, "header is not valid UTF-8");
        assertRejected(dir, "is a directory");
    }

    @Test
    void rejectsValuesFloat32CannotHold() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putDouble(1.0).putDouble(1e300);
        assertRejected(raw(dir, "{\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}", b.array()),
                "tensor 'd' element 1: F64 value 1.0E300 cannot be represented exactly as float32");
        b.clear();
        b.putLong(16_777_216).putLong(16_777_217);
        assertRejected(raw(dir, "{\"i\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", b.array()), "element 1: I64 value 16777217");
        b.clear();
        b.putLong(Long.MAX_VALUE).putLong(0);
        assertRejected(raw(dir, "{\"i\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", b.array()), "element 0: I64 value 9223372036854775807");
        b.clear();
        b.putInt(Integer.MAX_VALUE).putInt(0);
        assertRejected(raw(dir, "{\"i\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}", java.util.Arrays.copyOf(b.array(), 8)), "I32 value 2147483647");
    }

    @Test
    void checksumCatchesFlippedDataBits() throws IOException {
        Path p = dir.resolve("c.safetensors");
        SafeTensors.write(p, goldenTensors(), Map.of());
        byte[] bytes = Files.readAllBytes(p);
        for (int i = bytes.length - 28; i < bytes.length; i++) {
            byte[] flipped = bytes.clone();
            flipped[i] ^= (byte) (1 << (i % 8));
            Files.write(p, flipped);
            assertRejected(p, "checksum mismatch, the file is corrupt");
        }
    }
}

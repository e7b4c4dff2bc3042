package org.fovea.io;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.fovea.tensor.Tensor;

/**
 * Reads and writes the safetensors format (Hugging Face), so checkpoints move freely between Fovea and
 * the Python world.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON mapping each tensor
 * name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} plus an optional
 * {@code "__metadata__"} object of strings; then the byte buffer, tensors packed without gaps in
 * row-major little-endian order, offsets relative to the buffer's start. As the reference writer does,
 * the header is padded with spaces so the buffer starts at a multiple of 8 bytes, tensors are laid out
 * by name, and the JSON is compact with {@code __metadata__} first.
 *
 * <p>Writes are float32 ({@code F32}) and atomic ({@link AtomicFiles}). Reads accept F32, F64, F16, BF16,
 * I64, I32, I16, I8, U8 and BOOL, converting to float32; a value float32 cannot hold (an F64 beyond its
 * range, an integer above 2²⁴ that is not exactly representable) is an error, not a silent rounding.
 * Every malformed file is a {@link CheckpointFormatException} naming the file and the problem.
 *
 * <p>Integrity: Fovea stores a CRC-32 (zlib's polynomial) of the whole file, computed with its own eight
 * hex digits read as {@code 0}, as the first metadata entry {@value #CHECKSUM_KEY}; reading verifies it
 * when present, so a flipped bit anywhere, header or data, is reported. Other readers ignore it.
 */
public final class SafeTensors {
    /** The metadata key of Fovea's checksum; reserved, never part of the metadata a caller sees. */
    public static final String CHECKSUM_KEY = "fovea.crc32";
    /** The reference implementation's limit on the header's size. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA = "__metadata__";
    private static final String CHECKSUM_PREFIX = "{\"" + METADATA + "\":{\"" + CHECKSUM_KEY + "\":\"";
    private static final int CHECKSUM_AT = 8 + CHECKSUM_PREFIX.length();
    private static final int CHUNK = 1 << 20;

    private SafeTensors() {}

    /**
     * What a safetensors file holds.
     *
     * @param tensors the tensors by name, in file order
     * @param metadata the {@code __metadata__} strings (without {@value #CHECKSUM_KEY})
     * @param checksummed whether the file carried Fovea's checksum (and so it was verified)
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata, boolean checksummed) {}

    /** The element types of the format that Fovea reads. */
    enum DType {
        F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

        final int bytes;

        DType(int bytes) { this.bytes = bytes; }
    }

    private record Info(String name, DType dtype, int[] shape, int numel, long begin, long end) {}

    // ---- writing ----------------------------------------------------------------------------------

    /** Writes the tensors as F32 and the metadata strings to path, atomically. */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(path, ch -> write(ch, tensors, metadata));
    }

    static void write(FileChannel ch, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(CHECKSUM_KEY, "00000000");
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().equals(CHECKSUM_KEY)) throw new IllegalArgumentException("SafeTensors.write: metadata key '" + CHECKSUM_KEY + "' is reserved");
            if (e.getValue() == null) throw new IllegalArgumentException("SafeTensors.write: metadata '" + e.getKey() + "' is null");
            meta.put(e.getKey(), e.getValue());
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put(METADATA, meta);
        List<Tensor> ordered = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : new TreeMap<>(tensors).entrySet()) {
            if (e.getKey().equals(METADATA)) throw new IllegalArgumentException("SafeTensors.write: '" + METADATA + "' is not a valid tensor name");
            if (e.getValue() == null) throw new IllegalArgumentException("SafeTensors.write: tensor '" + e.getKey() + "' is null");
            Tensor t = e.getValue().contiguous();
            long bytes = 4L * t.numel();
            List<Object> shape = new ArrayList<>();
            for (int d : t.shape()) shape.add((long) d);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", shape);
            info.put("data_offsets", List.of(offset, offset + bytes));
            header.put(e.getKey(), info);
            ordered.add(t);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        CRC32 crc = new CRC32();
        crc.update(head.array());
        writeFully(ch, head.flip());

        ByteBuffer buf = chunkBuffer(offset);
        for (Tensor t : ordered) {
            float[] data = t.data();
            int from = t.offset();
            int end = from + t.numel();
            while (from < end) {
                int n = Math.min(end - from, buf.capacity() / 4);
                buf.clear();
                buf.asFloatBuffer().put(data, from, n);
                buf.limit(4 * n);
                crc.update(buf.duplicate());
                writeFully(ch, buf);
                from += n;
            }
        }
        byte[] hex = String.format("%08x", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer patch = ByteBuffer.wrap(hex);
        long at = CHECKSUM_AT;
        while (patch.hasRemaining()) at += ch.write(patch, at);
    }

    /** A direct little-endian buffer for streaming the data: one chunk, or less for a small file. */
    private static ByteBuffer chunkBuffer(long dataBytes) {
        return ByteBuffer.allocateDirect((int) Math.min(CHUNK, (dataBytes + 7) / 8 * 8)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }

    // ---- reading ----------------------------------------------------------------------------------

    /** Reads every tensor (as float32) and the metadata of a safetensors file. */
    public static Contents read(Path path) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("file not found: " + path);
        }
        try (ch) {
            if (Files.isDirectory(path)) throw new CheckpointFormatException(path, "is a directory, not a safetensors file");
            return read(path, ch);
        }
    }

    private static Contents read(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) throw new CheckpointFormatException(path, "file is " + size + " bytes, too short for the 8-byte header length of a safetensors file");
        ByteBuffer lengthBytes = readFully(path, ch, 8, 0);
        long n = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (n < 0 || n > MAX_HEADER_BYTES) throw new CheckpointFormatException(path, "header length " + Long.toUnsignedString(n) + " exceeds the " + MAX_HEADER_BYTES + "-byte limit (not a safetensors file?)");
        if (n > size - 8) throw new CheckpointFormatException(path, "header length " + n + " exceeds the file size " + size + " (truncated file or not a safetensors file)");
        ByteBuffer headerBytes = readFully(path, ch, (int) n, 8);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes.duplicate()).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointFormatException(path, "header is not valid UTF-8", e);
        }
        if (!text.startsWith("{")) throw new CheckpointFormatException(path, "header does not start with '{' (not a safetensors file?)");
        Map<String, Object> header;
        try {
            header = Json.parseObject(text);
        } catch (Json.JsonException e) {
            throw new CheckpointFormatException(path, "header is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Info> infos = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals(METADATA)) metadata = metadata(path, e.getValue());
            else infos.add(info(path, e.getKey(), e.getValue()));
        }
        long dataSize = size - 8 - n;
        checkLayout(path, infos, dataSize);

        String storedCrc = metadata.remove(CHECKSUM_KEY);
        CRC32 crc = null;
        if (storedCrc != null) {
            if (!storedCrc.matches("[0-9a-f]{8}") || !text.startsWith(CHECKSUM_PREFIX)) {
                throw new CheckpointFormatException(path, "checksum '" + CHECKSUM_KEY + "' is malformed or not where Fovea writes it (header corrupt or rewritten by another tool)");
            }
            crc = new CRC32();
            crc.update(lengthBytes.array());
            byte[] zeroed = headerBytes.array().clone();
            Arrays.fill(zeroed, CHECKSUM_AT - 8, CHECKSUM_AT, (byte) '0');
            crc.update(zeroed);
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        ByteBuffer buf = chunkBuffer(dataSize);
        long position = 8 + n;
        for (Info info : infos) {
            float[] values = new float[info.numel];
            long remaining = info.end - info.begin;
            int done = 0;
            while (remaining > 0) {
                int bytes = (int) Math.min(remaining, buf.capacity());
                buf.clear().limit(bytes);
                while (buf.hasRemaining()) {
                    int r = ch.read(buf, position + buf.position());
                    if (r < 0) throw new CheckpointFormatException(path, "file ended while reading tensor '" + info.name + "' (truncated while being read?)");
                }
                buf.flip();
                if (crc != null) crc.update(buf.duplicate());
                done = convert(path, info, buf, values, done);
                position += bytes;
                remaining -= bytes;
            }
            tensors.put(info.name, Tensor.wrap(values, info.shape));
        }
        if (crc != null && crc.getValue() != Long.parseLong(storedCrc, 16)) {
            throw new CheckpointFormatException(path, String.format("checksum mismatch, the file is corrupt (stored crc32 %s, computed %08x)", storedCrc, crc.getValue()));
        }
        return new Contents(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata), crc != null);
    }

    private static ByteBuffer readFully(Path path, FileChannel ch, int bytes, long at) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(bytes);
        while (buf.hasRemaining()) {
            if (ch.read(buf, at + buf.position()) < 0) throw new CheckpointFormatException(path, "file ended within the header", new EOFException());
        }
        return buf.flip();
    }

    private static Map<String, String> metadata(Path path, Object value) throws CheckpointFormatException {
        if (!(value instanceof Map<?, ?> map)) throw new CheckpointFormatException(path, "'" + METADATA + "' is not a JSON object");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) throw new CheckpointFormatException(path, "metadata '" + e.getKey() + "' is not a string");
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Info info(Path path, String name, Object value) throws CheckpointFormatException {
        String what = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> map)) throw new CheckpointFormatException(path, what + ": header entry is not a JSON object");
        if (!(map.get("dtype") instanceof String dtypeName)) throw new CheckpointFormatException(path, what + ": missing or non-string \"dtype\"");
        DType dtype;
        try {
            dtype = DType.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(path, what + ": dtype '" + dtypeName + "' is not one Fovea reads " + Arrays.toString(DType.values()));
        }
        long[] dims = longs(path, what, "shape", map.get("shape"), -1);
        long[] offsets = longs(path, what, "data_offsets", map.get("data_offsets"), 2);
        int[] shape = new int[dims.length];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) throw new CheckpointFormatException(path, what + ": dimension " + dims[i] + " is too large");
            shape[i] = (int) dims[i];
            numel = numel * dims[i];
            if (numel > Integer.MAX_VALUE - 8) throw new CheckpointFormatException(path, what + ": shape " + Arrays.toString(dims) + " has too many elements for a Java array");
        }
        if (offsets[1] < offsets[0]) throw new CheckpointFormatException(path, what + ": data_offsets " + Arrays.toString(offsets) + " end before they begin");
        if (numel * dtype.bytes != offsets[1] - offsets[0]) {
            throw new CheckpointFormatException(path, what + ": shape " + Arrays.toString(dims) + " of " + dtype + " needs " + numel * dtype.bytes
                    + " bytes but data_offsets " + Arrays.toString(offsets) + " span " + (offsets[1] - offsets[0]));
        }
        return new Info(name, dtype, shape, (int) numel, offsets[0], offsets[1]);
    }

    private static long[] longs(Path path, String what, String key, Object value, int length) throws CheckpointFormatException {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new CheckpointFormatException(path, what + ": \"" + key + "\" must be an array" + (length >= 0 ? " of " + length + " integers" : " of integers") + ", found " + Json.write(value));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0) throw new CheckpointFormatException(path, what + ": \"" + key + "\" must hold non-negative integers, found " + Json.write(value));
            out[i] = v;
        }
        return out;
    }

    /** Sorts by offset and checks the tensors tile the data buffer exactly: no overlap, no gap, no overrun. */
    private static void checkLayout(Path path, List<Info> infos, long dataSize) throws CheckpointFormatException {
        infos.sort(Comparator.comparingLong(Info::begin).thenComparingLong(Info::end));
        long expected = 0;
        for (Info info : infos) {
            if (info.begin != expected) {
                throw new CheckpointFormatException(path, "tensor '" + info.name + "': data_offsets [" + info.begin + ", " + info.end + "] "
                        + (info.begin < expected ? "overlap" : "leave a gap after") + " the previous tensor ending at " + expected);
            }
            expected = info.end;
        }
        if (expected > dataSize) throw new CheckpointFormatException(path, "tensors need " + expected + " data bytes but the file has only " + dataSize + " after the header (truncated file?)");
        if (expected < dataSize) throw new CheckpointFormatException(path, "the file has " + dataSize + " data bytes after the header but the tensors cover only " + expected);
    }

    /** Converts a chunk (a whole number of elements) to float32 into values from index done; returns the new index. */
    private static int convert(Path path, Info info, ByteBuffer buf, float[] values, int done) throws CheckpointFormatException {
        int count = buf.remaining() / info.dtype.bytes;
        switch (info.dtype) {
            case F32 -> buf.asFloatBuffer().get(values, done, count);
            case F16 -> { for (int i = 0; i < count; i++) values[done + i] = Float.float16ToFloat(buf.getShort()); }
            case BF16 -> { for (int i = 0; i < count; i++) values[done + i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16); }
            case I16 -> { for (int i = 0; i < count; i++) values[done + i] = buf.getShort(); }
            case I8 -> { for (int i = 0; i < count; i++) values[done + i] = buf.get(); }
            case U8 -> { for (int i = 0; i < count; i++) values[done + i] = buf.get() & 0xff; }
            case BOOL -> { for (int i = 0; i < count; i++) values[done + i] = buf.get() != 0 ? 1f : 0f; }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    double d = buf.getDouble();
                    float f = (float) d;
                    if (Float.isInfinite(f) && !Double.isInfinite(d)) throw unrepresentable(path, info, done + i, Double.toString(d));
                    values[done + i] = f;
                }
            }
            case I64, I32 -> {
                for (int i = 0; i < count; i++) {
                    long v = info.dtype == DType.I64 ? buf.getLong() : buf.getInt();
                    float f = v;
                    // NOTE: (long) 2^63 saturates to Long.MAX_VALUE, which would pass the round-trip test.
                    if (f == 0x1p63f || (long) f != v) throw unrepresentable(path, info, done + i, Long.toString(v));
                    values[done + i] = f;
                }
            }
        }
        return done + count;
    }

    private static CheckpointFormatException unrepresentable(Path path, Info info, int index, String value) {
        return new CheckpointFormatException(path, "tensor '" + info.name + "' element " + index + ": " + info.dtype + " value " + value + " cannot be represented exactly as float32");
    }
}

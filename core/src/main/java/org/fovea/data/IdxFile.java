package org.fovea.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An IDX file of unsigned bytes, the format of MNIST and Fashion-MNIST (LeCun et al., "THE MNIST
 * DATABASE", file formats section): a magic number {@code 00 00 08 ndim}, ndim big-endian int32 sizes, then
 * the values row-major. Files may be gzip-compressed; that is detected by the gzip magic {@code 1f 8b},
 * not the file name.
 *
 * <p>Shape: data holds Π dims bytes; images files are (N, H, W), label files (N).
 */
public record IdxFile(int[] dims, byte[] data) {
    private static final int UNSIGNED_BYTE = 0x08;

    public IdxFile {
        dims = dims.clone();
        long n = 1;
        for (int d : dims) n *= d;
        if (n != data.length) throw new IllegalArgumentException("IdxFile: dims " + Arrays.toString(dims) + " need " + n + " bytes, got " + data.length);
    }

    /** Reads a file, raw or gzip; every header field and the length are checked. */
    public static IdxFile read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), "cannot read: " + e, e);
        }
    }

    /** Reads a stream (closed by the caller); {@code source} names it in error messages. */
    public static IdxFile read(InputStream in, String source) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
            if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    bytes = gz.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new DataFormatException(source, "corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
        }
        return parse(bytes, source);
    }

    private static IdxFile parse(byte[] bytes, String source) {
        if (bytes.length == 0) throw new DataFormatException(source, "empty file");
        if (bytes.length < 4) throw new DataFormatException(source, "only " + bytes.length + " bytes, shorter than the 4-byte IDX magic number");
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int magic = buf.getInt();
        int type = (magic >>> 8) & 0xff;
        int ndim = magic & 0xff;
        if ((magic >>> 16) != 0 || ndim == 0) {
            throw new DataFormatException(source, String.format("bad magic number 0x%08X, not an IDX file (want 0x0000080N)", magic));
        }
        if (type != UNSIGNED_BYTE) {
            throw new DataFormatException(source, String.format("IDX element type 0x%02X is not supported, only unsigned bytes (0x08)", type));
        }
        if (bytes.length < 4 + 4L * ndim) throw new DataFormatException(source, "truncated header: " + ndim + " dimensions need " + (4 + 4 * ndim) + " bytes, file has " + bytes.length);
        int[] dims = new int[ndim];
        long n = 1;
        for (int d = 0; d < ndim; d++) {
            dims[d] = buf.getInt();
            if (dims[d] < 0) throw new DataFormatException(source, "dimension " + d + " is negative (" + Integer.toUnsignedString(dims[d]) + ")");
            n *= dims[d];
        }
        long have = bytes.length - buf.position();
        if (have < n) throw new DataFormatException(source, "truncated: dimensions " + Arrays.toString(dims) + " need " + n + " data bytes, file holds " + have);
        if (have > n) throw new DataFormatException(source, (have - n) + " unexpected bytes after the " + n + " data bytes of dimensions " + Arrays.toString(dims));
        return new IdxFile(dims, Arrays.copyOfRange(bytes, buf.position(), bytes.length));
    }

    /** Reads an image file (N, H, W) and a label file (N) into a one-channel dataset. */
    public static ImageDataset readDataset(Path images, Path labels, List<String> classes) {
        return toDataset(read(images), images.toString(), read(labels), labels.toString(), classes);
    }

    /** As {@link #readDataset(Path, Path, List)} for files already read. */
    public static ImageDataset toDataset(IdxFile images, String imagesSource, IdxFile labels, String labelsSource, List<String> classes) {
        if (images.dims.length != 3) throw new DataFormatException(imagesSource, "an image file needs 3 dimensions (N, H, W), has " + Arrays.toString(images.dims));
        if (labels.dims.length != 1) throw new DataFormatException(labelsSource, "a label file needs 1 dimension (N), has " + Arrays.toString(labels.dims));
        if (images.dims[0] != labels.dims[0]) {
            throw new DataFormatException(labelsSource, labels.dims[0] + " labels for " + images.dims[0] + " images in " + imagesSource);
        }
        int[] y = new int[labels.data.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.data[i] & 0xff;
            if (y[i] >= classes.size()) throw new DataFormatException(labelsSource, "label " + y[i] + " of item " + i + " is outside [0, " + classes.size() + ")");
        }
        return new ImageDataset(imagesSource, images.data, new int[] {1, images.dims[1], images.dims[2]}, y, classes);
    }

    /** Writes the file, gzip-compressed or raw. */
    public void write(Path file, boolean gzip) {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
            header.putInt(UNSIGNED_BYTE << 8 | dims.length);
            for (int d : dims) header.putInt(d);
            out.write(header.array());
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

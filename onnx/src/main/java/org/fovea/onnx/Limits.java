package org.fovea.onnx;

import java.util.Arrays;

/**
 * Bounds that keep a hostile file from making Fovea allocate without limit: every tensor's element count is
 * checked against {@link #MAX_ELEMENTS} (with overflow checks) before anything of that size is allocated.
 */
final class Limits {
    /** The most elements one tensor may have (2^28: 1 GiB of float32). */
    static final long MAX_ELEMENTS = 1L << 28;
    /** The most dimensions a tensor may have. */
    static final int MAX_RANK = 8;
    /** The largest model file read (protobuf's own limit is 2 GiB). */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private Limits() {}

    /** The element count of a shape, checked: non-negative dimensions, rank and product within the limits. */
    static int numel(int[] shape) {
        return Math.toIntExact(numel(Arrays.stream(shape).asLongStream().toArray(), "tensor"));
    }

    /** As {@link #numel(int[])} for ONNX's int64 dimensions; {@code what} names the tensor in the error. */
    static long numel(long[] dims, String what) {
        if (dims.length > MAX_RANK) throw new OnnxUnsupportedException(what + ": rank " + dims.length + " exceeds " + MAX_RANK);
        long n = 1;
        for (long d : dims) {
            if (d < 0) throw new OnnxFormatException(what + ": negative dimension in " + Arrays.toString(dims));
            if (d > MAX_ELEMENTS || (n = n * d) > MAX_ELEMENTS) {
                throw new OnnxFormatException(what + ": shape " + Arrays.toString(dims) + " exceeds the limit of " + MAX_ELEMENTS + " elements");
            }
        }
        return n;
    }

    /** ONNX int64 dimensions as Java ints, checked. */
    static int[] dims(long[] dims, String what) {
        numel(dims, what);
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) out[i] = (int) dims[i];
        return out;
    }
}

package org.fovea.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by every tensor op: sizes, contiguous strides, broadcasting, formatting. */
public final class Shape {
    private Shape() {}

    /** Number of elements of a tensor of this shape (1 for a scalar, shape {}). */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + format(shape));
            n *= d;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + format(shape) + " holds more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** Row-major (C order) strides of a contiguous tensor of this shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** NumPy/PyTorch broadcasting: align from the right, sizes must match or be 1. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + format(a) + " and " + format(b)
                        + " cannot be broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Resolves a possibly negative dimension index against a rank, naming the op on error. */
    public static int dim(String op, int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= Math.max(rank, 1) || (rank == 0 && d != 0)) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " out of range for a tensor of rank " + rank);
        }
        return d;
    }

    /** Resolves a -1 entry in a requested shape from the element count. */
    static int[] infer(String op, int numel, int[] from, int[] requested) {
        int[] shape = requested.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException(op + ": only one dimension may be -1 in " + format(requested));
                unknown = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid dimension " + shape[i] + " in " + format(requested));
            } else {
                known *= shape[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": cannot view shape " + format(from) + " as " + format(requested));
            }
            shape[unknown] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": cannot view shape " + format(from) + " (" + numel
                    + " elements) as " + format(requested) + " (" + known + " elements)");
        }
        return shape;
    }

    public static String format(int[] shape) {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
}

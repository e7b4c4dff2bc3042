package org.fovea.classic;

import org.fovea.data.Batch;
import org.fovea.data.Dataset;

/**
 * A dataset flattened to the design matrix of CS231n lecture 2: one image a row, pixels scaled to [0, 1].
 * Shape: x is (n, d) row-major with d = C·H·W; labels has n entries.
 */
public record DataMatrix(float[] x, int n, int d, int[] labels, int classes) {
    public DataMatrix {
        if (n < 0 || d < 1 || (long) n * d != x.length || labels.length != n || classes < 1) {
            throw new IllegalArgumentException("DataMatrix: want x of n·d = " + n + "·" + d + " floats and " + n + " labels, got "
                    + x.length + " and " + labels.length);
        }
    }

    /** Reads every item of data, in order, a thousand images at a time. */
    public static DataMatrix of(Dataset data) {
        int[] s = data.imageShape();
        int n = data.size(), d = s[0] * s[1] * s[2];
        float[] x = new float[Math.multiplyExact(n, d)];
        int[] labels = new int[n];
        for (int lo = 0; lo < n; lo += 1000) {
            int count = Math.min(1000, n - lo);
            int[] idx = new int[count];
            for (int i = 0; i < count; i++) idx[i] = lo + i;
            Batch b = data.batch(idx);
            float[] src = b.images().contiguous().toArray();
            System.arraycopy(src, 0, x, lo * d, count * d);
            System.arraycopy(b.labels(), 0, labels, lo, count);
        }
        return new DataMatrix(x, n, d, labels, data.classes().size());
    }

    /** The listed rows, in the given order (a copy). */
    public DataMatrix rows(int[] indices) {
        float[] out = new float[Math.multiplyExact(indices.length, d)];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(x, indices[i] * d, out, i * d, d);
            l[i] = labels[indices[i]];
        }
        return new DataMatrix(out, indices.length, d, l, classes);
    }

    /** The first count rows (a copy). */
    public DataMatrix head(int count) {
        if (count < 0 || count > n) throw new IllegalArgumentException("DataMatrix: head(" + count + ") of " + n + " rows");
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = i;
        return rows(idx);
    }
}

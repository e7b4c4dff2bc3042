package org.fovea.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.fovea.kernel.Lanes;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions along a set of dimensions. The tensor is first laid out as contiguous rows, one row per
 * output element holding the values reduced into it, so every reduction is a loop over rows.
 */
final class Reductions {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    enum Kind { SUM, MAX, MIN, ARGMAX, ARGMIN }

    private Reductions() {}

    /** Rows of the values reduced into each output element, and the output shape. */
    private record Rows(float[] data, int offset, int rows, int len, int[] outShape) {}

    static boolean[] reducedMask(String op, int rank, int... dims) {
        boolean[] reduced = new boolean[rank];
        if (dims.length == 0) {
            Arrays.fill(reduced, true);
        }
        for (int d : dims) {
            int k = Shape.dim(op, d, rank);
            if (reduced[k] && dims.length > 0) throw new IllegalArgumentException(op + ": dimension " + d + " listed twice");
            reduced[k] = true;
        }
        return reduced;
    }

    private static Rows rows(String op, Tensor x, boolean keepDim, int... dims) {
        int rank = x.dim();
        boolean[] reduced = reducedMask(op, rank, dims);
        int[] perm = new int[rank];
        int p = 0;
        int len = 1;
        int[] kept = new int[rank];
        int nKept = 0;
        for (int i = 0; i < rank; i++) if (!reduced[i]) { perm[p++] = i; kept[nKept++] = x.size(i); }
        for (int i = 0; i < rank; i++) if (reduced[i]) { perm[p++] = i; len *= x.size(i); }
        int[] outShape;
        if (keepDim) {
            outShape = x.shape();
            for (int i = 0; i < rank; i++) if (reduced[i]) outShape[i] = 1;
        } else {
            outShape = Arrays.copyOf(kept, nKept);
        }
        Tensor c = x.permute(perm).contiguous();
        int rows = Shape.numel(Arrays.copyOf(kept, nKept));
        return new Rows(c.data(), c.offset(), rows, len, outShape);
    }

    static Tensor reduce(String op, Kind kind, Tensor x, boolean keepDim, int... dims) {
        Rows r = rows(op, x, keepDim, dims);
        if (r.len == 0 && kind != Kind.SUM) {
            throw new IllegalArgumentException(op + ": cannot reduce an empty dimension of shape " + Shape.format(x.shape()));
        }
        float[] out = new float[r.rows];
        for (int row = 0; row < r.rows; row++) {
            int start = r.offset + row * r.len;
            out[row] = switch (kind) {
                case SUM -> sum(r.data, start, r.len);
                case MAX -> r.data[start + argExtreme(r.data, start, r.len, true)];
                case MIN -> r.data[start + argExtreme(r.data, start, r.len, false)];
                case ARGMAX -> argExtreme(r.data, start, r.len, true);
                case ARGMIN -> argExtreme(r.data, start, r.len, false);
            };
        }
        return Tensor.wrap(out, r.outShape);
    }

    /** Variance with Bessel's correction {@code correction} (1 = unbiased, 0 = population), two-pass in double. */
    static Tensor var(String op, Tensor x, int correction, boolean keepDim, int... dims) {
        Rows r = rows(op, x, keepDim, dims);
        float[] out = new float[r.rows];
        for (int row = 0; row < r.rows; row++) {
            int start = r.offset + row * r.len;
            double mean = 0;
            for (int i = 0; i < r.len; i++) mean += r.data[start + i];
            mean /= r.len;
            double ss = 0;
            for (int i = 0; i < r.len; i++) {
                double d = r.data[start + i] - mean;
                ss += d * d;
            }
            out[row] = (float) (ss / Math.max(r.len - correction, 0));
        }
        return Tensor.wrap(out, r.outShape);
    }

    static int count(String op, Tensor x, int... dims) {
        boolean[] reduced = reducedMask(op, x.dim(), dims);
        int n = 1;
        for (int i = 0; i < reduced.length; i++) if (reduced[i]) n *= x.size(i);
        return n;
    }

    static float sum(float[] a, int start, int len) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int bound = S.loopBound(len); i < bound; i += S.length()) {
            acc = acc.add(FloatVector.fromArray(S, a, start + i));
        }
        float s = Lanes.sum(acc);
        for (; i < len; i++) s += a[start + i];
        return s;
    }

    /** Index of the first maximum (or minimum); NaN counts as the extreme, as in PyTorch. */
    private static int argExtreme(float[] a, int start, int len, boolean max) {
        int best = 0;
        float v = a[start];
        if (Float.isNaN(v)) return 0;
        for (int i = 1; i < len; i++) {
            float x = a[start + i];
            if (Float.isNaN(x)) return i;
            if (max ? x > v : x < v) {
                v = x;
                best = i;
            }
        }
        return best;
    }
}

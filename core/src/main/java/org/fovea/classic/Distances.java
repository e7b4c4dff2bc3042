package org.fovea.classic;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.fovea.kernel.Lanes;
import org.fovea.kernel.Parallel;
import org.fovea.kernel.Sgemm;

/**
 * Pairwise distances between the rows of a query matrix X (n, d) and a reference matrix Y (m, d), written
 * into out (n, m) row-major: the two metrics of CS231n lecture 2, "Image classification".
 * <ul>
 * <li>L2 (squared, as ranking needs no square root) in the assignment's "no-loop" form
 *     ‖x − y‖² = ‖x‖² + ‖y‖² − 2·x·y, where the cross term for all pairs is one SGEMM;
 * <li>L1 Σ |x − y| with the Vector API, one query row per task.
 * </ul>
 * Each fast form has a plain two-loop twin ({@link #l2SquaredNaive}, {@link #l1Naive}) that is its test
 * oracle. NOTE: the expanded L2 form cancels catastrophically for near-identical rows, so it is clamped at
 * 0; its error is about 1e-6·(‖x‖² + ‖y‖²), far below the gaps that decide a vote on image data.
 */
public final class Distances {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Distances() {}

    /** The metric a k-NN classifier ranks neighbours by. */
    public enum Metric { L1, L2 }

    /** ‖row‖² of each of the rows rows of a (rows, d) matrix, accumulated in double. */
    public static float[] squaredNorms(float[] a, int rows, int d) {
        float[] out = new float[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += (double) a[i * d + j] * a[i * d + j];
            out[i] = (float) s;
        }
        return out;
    }

    /**
     * Squared L2 distances, no loops over pairs: out = ‖x‖² + ‖y‖² − 2·X·Yᵀ. xNorms and yNorms are
     * {@link #squaredNorms} of x and y (precomputed once by callers that reuse them). Shape: x (n, d),
     * y (m, d) → out (n, m).
     */
    public static void l2Squared(float[] x, float[] xNorms, int n, float[] y, float[] yNorms, int m, int d, float[] out) {
        check(x, n, y, m, d, out);
        Sgemm.sgemm(false, true, n, m, d, -2f, x, 0, d, y, 0, d, 0f, out, 0, m);
        Parallel.parallelFor(n, 16, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float xi = xNorms[i];
                int row = i * m;
                for (int j = 0; j < m; j++) out[row + j] = Math.max(0f, out[row + j] + xi + yNorms[j]);
            }
        });
    }

    /** The two-loop oracle of {@link #l2Squared}: Σ (x − y)², accumulated in double. */
    public static void l2SquaredNaive(float[] x, int n, float[] y, int m, int d, float[] out) {
        check(x, n, y, m, d, out);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double diff = x[i * d + k] - y[j * d + k];
                    s += diff * diff;
                }
                out[i * m + j] = (float) s;
            }
        }
    }

    /** L1 distances Σ |x − y|, vectorised along d. Shape: x (n, d), y (m, d) → out (n, m). */
    public static void l1(float[] x, int n, float[] y, int m, int d, float[] out) {
        check(x, n, y, m, d, out);
        int bound = S.loopBound(d);
        Parallel.parallelFor(n, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int xRow = i * d;
                for (int j = 0; j < m; j++) {
                    int yRow = j * d;
                    FloatVector acc = FloatVector.zero(S);
                    int k = 0;
                    for (; k < bound; k += S.length()) {
                        FloatVector a = FloatVector.fromArray(S, x, xRow + k);
                        FloatVector b = FloatVector.fromArray(S, y, yRow + k);
                        acc = acc.add(a.sub(b).abs());
                    }
                    float s = Lanes.sum(acc);
                    for (; k < d; k++) s += Math.abs(x[xRow + k] - y[yRow + k]);
                    out[i * m + j] = s;
                }
            }
        });
    }

    /** The two-loop oracle of {@link #l1}, accumulated in double. */
    public static void l1Naive(float[] x, int n, float[] y, int m, int d, float[] out) {
        check(x, n, y, m, d, out);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += Math.abs(x[i * d + k] - y[j * d + k]);
                out[i * m + j] = (float) s;
            }
        }
    }

    private static void check(float[] x, int n, float[] y, int m, int d, float[] out) {
        if (n < 0 || m < 0 || d < 1) throw new IllegalArgumentException("Distances: need n, m >= 0 and d >= 1, got n=" + n + ", m=" + m + ", d=" + d);
        if ((long) n * d > x.length || (long) m * d > y.length || (long) n * m > out.length) {
            throw new IllegalArgumentException("Distances: arrays too short for x (" + n + ", " + d + "), y (" + m + ", " + d
                    + ") and out (" + n + ", " + m + "): " + x.length + ", " + y.length + ", " + out.length);
        }
    }
}

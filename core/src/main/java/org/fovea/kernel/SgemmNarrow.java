package org.fovea.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Sgemm} for a narrow C (n below one vector, such as 10 class scores) with A not transposed: each C(i, j)
 * is a dot product of row i of A with column j of op(B), both contiguous in k (op(B) is copied transposed
 * first when B is stored (k, n)). Packing for the blocked path would pad n up to a whole register tile.
 * Shape: A is (m, k) with rows lda apart, op(B) is (k, n), C is (m, n).
 */
final class SgemmNarrow {
    private static final VectorSpecies<Float> S = SgemmMicroKernels.S;
    private static final int L = S.length();
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    private SgemmNarrow() {}

    /** True when this path beats the blocked one: n narrower than a vector, long rows, A row-major. */
    static boolean suits(boolean transA, int n, int k) {
        return !transA && n < L && k >= 4 * L;
    }

    static void sgemm(boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, boolean parallel) {
        float[] bt = b;
        int btOff = bOff, ldbt = ldb;
        if (!transB) {
            float[][] holder = SCRATCH.get();
            if (holder[0].length < n * k) holder[0] = new float[n * k];
            bt = holder[0];
            btOff = 0;
            ldbt = k;
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) bt[j * k + p] = b[bOff + p * ldb + j];
            }
        }
        float[] t = bt;
        int tOff = btOff, ldt = ldbt, pairs = (m + 1) / 2;
        Parallel.Chunk rows = (lo, hi) -> {
            for (int q = lo; q < hi; q++) {
                for (int j = 0; j < n; j += 4) {
                    block(2 * q, Math.min(2 * q + 1, m - 1), j, n, k, alpha, a, aOff, lda, t, tOff, ldt, beta, c, cOff, ldc);
                }
            }
        };
        if (parallel) Parallel.parallelFor(pairs, rows);
        else rows.run(0, pairs);
    }

    /**
     * C(i, j..j+3) and C(i2, j..j+3) from 8 accumulators: per L-float step 2 rows of A, 4 rows of op(B)ᵀ,
     * 8 FMAs. Missing columns (past n) repeat column n - 1 and are not written; i2 == i when m is odd.
     */
    private static void block(int i, int i2, int j, int n, int k, float alpha, float[] a, int aOff, int lda,
                              float[] t, int tOff, int ldt, float beta, float[] c, int cOff, int ldc) {
        int a0 = aOff + i * lda, a1 = aOff + i2 * lda;
        int b0 = tOff + j * ldt, b1 = tOff + Math.min(j + 1, n - 1) * ldt;
        int b2 = tOff + Math.min(j + 2, n - 1) * ldt, b3 = tOff + Math.min(j + 3, n - 1) * ldt;
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S), s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S), s13 = FloatVector.zero(S);
        int kv = S.loopBound(k);
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p), x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector y = FloatVector.fromArray(S, t, b0 + p);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            y = FloatVector.fromArray(S, t, b1 + p);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            y = FloatVector.fromArray(S, t, b2 + p);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            y = FloatVector.fromArray(S, t, b3 + p);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
        }
        int c0 = cOff + i * ldc + j, c1 = cOff + i2 * ldc + j;
        put(c, c0, Lanes.sum(s00) + tail(a, a0, t, b0, kv, k), alpha, beta);
        if (j + 1 < n) put(c, c0 + 1, Lanes.sum(s01) + tail(a, a0, t, b1, kv, k), alpha, beta);
        if (j + 2 < n) put(c, c0 + 2, Lanes.sum(s02) + tail(a, a0, t, b2, kv, k), alpha, beta);
        if (j + 3 < n) put(c, c0 + 3, Lanes.sum(s03) + tail(a, a0, t, b3, kv, k), alpha, beta);
        if (i2 == i) return; // odd m: the second row repeated the first
        put(c, c1, Lanes.sum(s10) + tail(a, a1, t, b0, kv, k), alpha, beta);
        if (j + 1 < n) put(c, c1 + 1, Lanes.sum(s11) + tail(a, a1, t, b1, kv, k), alpha, beta);
        if (j + 2 < n) put(c, c1 + 2, Lanes.sum(s12) + tail(a, a1, t, b2, kv, k), alpha, beta);
        if (j + 3 < n) put(c, c1 + 3, Lanes.sum(s13) + tail(a, a1, t, b3, kv, k), alpha, beta);
    }

    private static float tail(float[] a, int aRow, float[] t, int bRow, int from, int k) {
        float sum = 0f;
        for (int p = from; p < k; p++) sum += a[aRow + p] * t[bRow + p];
        return sum;
    }

    private static void put(float[] c, int at, float sum, float alpha, float beta) {
        c[at] = beta == 0f ? alpha * sum : alpha * sum + beta * c[at];
    }
}

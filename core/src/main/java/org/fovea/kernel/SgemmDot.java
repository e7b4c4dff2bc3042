package org.fovea.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = alpha · A · Bᵀ + beta · C as dot products of rows, for a small C and a long shared dimension, such as
 * a convolution's weight gradient (kg × patch, summed over every output pixel): both operands are read
 * in place along contiguous rows, so nothing is packed. Register block: 4 rows of A × 4 rows of B.
 * Shape: A is (m, k) with rows lda apart, B is (n, k) with rows ldb apart, C is (m, n).
 * {@link SgemmReference} with transB is its oracle.
 */
public final class SgemmDot {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private SgemmDot() {}

    /**
     * True where this beats packing: the rows are long and C is small. (Each 4×4 block ends with 16
     * lane reductions, which the shared dimension must amortise: at k = 192 the blocked path was faster.)
     */
    public static boolean suits(int m, int n, int k) {
        return k >= 512 && (long) m * n <= 64L * 1024;
    }

    public static void sgemm(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        Sgemm.checkArguments(false, true, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        float[] dots = new float[16];
        float[] lanes = new float[16 * S.length()];
        for (int i = 0; i < m; i += 4) {
            int mi = Math.min(4, m - i);
            // NOTE: an edge block repeats its last row (its results are dropped) rather than going one dot
            // product at a time: a single accumulator waits on the FMA latency, 4-8x slower per product, and
            // LeNet's 6 × 25 weight gradient had a third of its products on the edges.
            int a0 = aOff + i * lda, a1 = aOff + (i + Math.min(1, mi - 1)) * lda;
            int a2 = aOff + (i + Math.min(2, mi - 1)) * lda, a3 = aOff + (i + Math.min(3, mi - 1)) * lda;
            for (int j = 0; j < n; j += 4) {
                int nj = Math.min(4, n - j);
                int b0 = bOff + j * ldb, b1 = bOff + (j + Math.min(1, nj - 1)) * ldb;
                int b2 = bOff + (j + Math.min(2, nj - 1)) * ldb, b3 = bOff + (j + Math.min(3, nj - 1)) * ldb;
                block4x4(k, a, a0, a1, a2, a3, b, b0, b1, b2, b3, dots, lanes);
                for (int ii = 0; ii < mi; ii++) {
                    for (int jj = 0; jj < nj; jj++) {
                        int at = cOff + (i + ii) * ldc + j + jj;
                        float prior = beta == 0f ? 0f : beta * c[at];
                        c[at] = prior + alpha * dots[ii * 4 + jj];
                    }
                }
            }
        }
    }

    /** dots[ii·4 + jj] = Σ_p A[ii][p]·B[jj][p] for a full 4×4 block: rows of A at a0..a3, of B at b0..b3; lanes is scratch of 16·L floats. */
    static void block4x4(int k, float[] a, int a0, int a1, int a2, int a3,
                                 float[] b, int b0, int b1, int b2, int b3, float[] dots, float[] lanes) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        int p = 0;
        for (int bound = S.loopBound(k); p < bound; p += S.length()) {
            FloatVector b0v = FloatVector.fromArray(S, b, b0 + p);
            FloatVector b1v = FloatVector.fromArray(S, b, b1 + p);
            FloatVector b2v = FloatVector.fromArray(S, b, b2 + p);
            FloatVector b3v = FloatVector.fromArray(S, b, b3 + p);
            FloatVector av = FloatVector.fromArray(S, a, a0 + p);
            c00 = av.fma(b0v, c00); c01 = av.fma(b1v, c01); c02 = av.fma(b2v, c02); c03 = av.fma(b3v, c03);
            av = FloatVector.fromArray(S, a, a1 + p);
            c10 = av.fma(b0v, c10); c11 = av.fma(b1v, c11); c12 = av.fma(b2v, c12); c13 = av.fma(b3v, c13);
            av = FloatVector.fromArray(S, a, a2 + p);
            c20 = av.fma(b0v, c20); c21 = av.fma(b1v, c21); c22 = av.fma(b2v, c22); c23 = av.fma(b3v, c23);
            av = FloatVector.fromArray(S, a, a3 + p);
            c30 = av.fma(b0v, c30); c31 = av.fma(b1v, c31); c32 = av.fma(b2v, c32); c33 = av.fma(b3v, c33);
        }
        // NOTE: store each accumulator by name (vectors put into an array make C2 box them, 10x slower), then
        // add the lanes in a fixed order: reduceLanes differs before and after JIT compilation.
        int l = S.length();
        c00.intoArray(lanes, 0); c01.intoArray(lanes, l); c02.intoArray(lanes, 2 * l); c03.intoArray(lanes, 3 * l);
        c10.intoArray(lanes, 4 * l); c11.intoArray(lanes, 5 * l); c12.intoArray(lanes, 6 * l); c13.intoArray(lanes, 7 * l);
        c20.intoArray(lanes, 8 * l); c21.intoArray(lanes, 9 * l); c22.intoArray(lanes, 10 * l); c23.intoArray(lanes, 11 * l);
        c30.intoArray(lanes, 12 * l); c31.intoArray(lanes, 13 * l); c32.intoArray(lanes, 14 * l); c33.intoArray(lanes, 15 * l);
        for (int t = 0; t < 16; t++) {
            float s = 0f;
            for (int q = 0; q < l; q++) s += lanes[t * l + q];
            dots[t] = s;
        }
        int[] as = {a0, a1, a2, a3};
        int[] bs = {b0, b1, b2, b3};
        for (int t = 0; t < 16 && p < k; t++) {
            int ai = as[t / 4];
            int bi = bs[t % 4];
            float s = 0f;
            for (int q = p; q < k; q++) s += a[ai + q] * b[bi + q];
            dots[t] += s;
        }
    }
}

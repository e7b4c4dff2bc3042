package org.fovea.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision general matrix product, the engine under matmul, linear layers and convolution.
 *
 * <p>C = alpha · op(A) · op(B) + beta · C, row-major, with offsets and leading dimensions, exactly the
 * contract of {@link SgemmReference} (the scalar twin used as test oracle).
 * Shape: op(A) is (m, k), op(B) is (k, n), C is (m, n).
 */
public final class Sgemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Sgemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        // Scale C by beta first, then accumulate alpha · op(A) · op(B) row by row (i-p-j order keeps
        // the inner loop contiguous over C and B when B is not transposed).
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[row + j] = beta == 0f ? 0f : beta * c[row + j];
        }
        if (k == 0 || alpha == 0f) return;
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                float av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (!transB) {
                    int brow = bOff + p * ldb;
                    int j = 0;
                    FloatVector va = FloatVector.broadcast(S, av);
                    for (int bound = S.loopBound(n); j < bound; j += S.length()) {
                        FloatVector vc = FloatVector.fromArray(S, c, row + j);
                        va.fma(FloatVector.fromArray(S, b, brow + j), vc).intoArray(c, row + j);
                    }
                    for (; j < n; j++) c[row + j] += av * b[brow + j];
                } else {
                    for (int j = 0; j < n; j++) c[row + j] += av * b[bOff + j * ldb + p];
                }
            }
        }
    }

    static void checkArguments(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOff, ldc, m, n);
    }

    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) {
            throw new IllegalArgumentException("sgemm: leading dimension of " + name + " is " + ld
                    + " but a row holds " + cols + " elements");
        }
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IllegalArgumentException("sgemm: " + name + " (" + rows + "x" + cols + ", offset " + off
                    + ", ld " + ld + ") needs " + last + " elements but the array holds " + x.length);
        }
    }
}

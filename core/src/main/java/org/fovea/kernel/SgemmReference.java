package org.fovea.kernel;

/**
 * The plain, obviously-correct single-precision matrix product: the test oracle for {@link Sgemm}.
 *
 * <p>C = alpha · op(A) · op(B) + beta · C, where op(X) is X or Xᵀ. All matrices are row-major:
 * element (i, j) of a matrix with leading dimension ld lives at {@code off + i * ld + j}.
 * Shape: op(A) is (m, k), op(B) is (k, n), C is (m, n). Accumulates in double so it is a good oracle.
 */
public final class SgemmReference {
    private SgemmReference() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += (double) av * bv;
                }
                int ci = cOff + i * ldc + j;
                // NOTE: beta == 0 must overwrite, not multiply: C may hold NaN garbage (BLAS semantics).
                c[ci] = (float) (alpha * sum + (beta == 0f ? 0.0 : (double) beta * c[ci]));
            }
        }
    }
}

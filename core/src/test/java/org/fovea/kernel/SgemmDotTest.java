package org.fovea.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dot-product SGEMM (C = αA·Bᵀ + βC) against the scalar reference on awkward sizes. */
class SgemmDotTest {
    @ParameterizedTest
    @CsvSource({"4,4,128", "1,1,129", "3,5,300", "6,25,4704", "16,150,800", "17,33,257", "5,4,1000"})
    void matchesTheReference(int m, int n, int k) {
        SplittableRandom rng = new SplittableRandom(m * 1000 + n);
        int lda = k + 3;
        int ldb = k + 5;
        int ldc = n + 2;
        float[] a = new float[2 + m * lda];
        float[] b = new float[1 + n * ldb];
        float[] c = new float[3 + m * ldc];
        for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rng.nextDouble(-1, 1);
        for (int i = 0; i < c.length; i++) c[i] = (float) rng.nextDouble(-1, 1);
        float[] ref = c.clone();
        SgemmDot.sgemm(m, n, k, 0.5f, a, 2, lda, b, 1, ldb, 0.75f, c, 3, ldc);
        SgemmReference.sgemm(false, true, m, n, k, 0.5f, a, 2, lda, b, 1, ldb, 0.75f, ref, 3, ldc);
        for (int i = 0; i < c.length; i++) {
            assertTrue(Math.abs(c[i] - ref[i]) <= 2e-6 * k + 1e-5, "element " + i + ": " + c[i] + " vs " + ref[i]);
        }
    }
}

package org.fovea.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Sgemm} against its scalar twin {@link SgemmReference}. */
class SgemmTest {
    private static final int[] AWKWARD = {1, 2, 3, 7, 16, 17, 33, 64, 65, 127, 257};

    /**
     * One product with random offsets and padded leading dimensions; checks every element of C, the padding
     * between rows included (it must be left untouched), against the reference.
     */
    private static void check(Random random, boolean transA, boolean transB, int m, int n, int k,
                              float alpha, float beta) {
        int lda = (transA ? m : k) + random.nextInt(3), ldb = (transB ? k : n) + random.nextInt(3);
        int ldc = n + random.nextInt(3);
        int aOff = random.nextInt(4), bOff = random.nextInt(4), cOff = random.nextInt(4);
        float[] a = randomArray(random, aOff + (transA ? k : m) * lda + random.nextInt(3));
        float[] b = randomArray(random, bOff + (transB ? n : k) * ldb + random.nextInt(3));
        float[] c = randomArray(random, cOff + m * ldc + random.nextInt(3));
        if (beta == 0f) Arrays.fill(c, Float.NaN); // beta == 0 must overwrite, never read C
        float[] expected = c.clone();
        SgemmReference.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
        Sgemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        for (int x = 0; x < c.length; x++) {
            int i = (x - cOff) / ldc, j = (x - cOff) % ldc;
            boolean inside = x >= cOff && i < m && j < n;
            if (!inside) {
                if (Float.floatToRawIntBits(c[x]) != Float.floatToRawIntBits(expected[x])) {
                    fail(describe(transA, transB, m, n, k, alpha, beta) + ": wrote outside C at index " + x);
                }
                continue;
            }
            // float32 accumulation error bound: a small multiple of eps · Σ|a||b| (+ |beta·c|).
            double bound = 0;
            for (int p = 0; p < k; p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                bound += Math.abs((double) av * bv);
            }
            bound = 1e-5 * (Math.abs(alpha) * bound + 1);
            if (!(Math.abs((double) c[x] - expected[x]) <= bound)) {
                fail(describe(transA, transB, m, n, k, alpha, beta) + ": C(" + i + "," + j + ") = " + c[x]
                        + ", expected " + expected[x]);
            }
        }
    }

    private static String describe(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta) {
        return "sgemm(" + (transA ? "T" : "N") + (transB ? "T" : "N") + ", m=" + m + ", n=" + n + ", k=" + k
                + ", alpha=" + alpha + ", beta=" + beta + ")";
    }

    private static float[] randomArray(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = random.nextFloat() * 2 - 1;
        return x;
    }

    static Stream<Arguments> transposes() {
        return Stream.of(Arguments.of(false, false), Arguments.of(false, true),
                Arguments.of(true, false), Arguments.of(true, true));
    }

    @ParameterizedTest(name = "trans {0} {1}")
    @MethodSource("transposes")
    void awkwardSizes(boolean transA, boolean transB) {
        Random random = new Random(7 + (transA ? 1 : 0) + (transB ? 2 : 0));
        for (int iter = 0; iter < 150; iter++) {
            int m = AWKWARD[random.nextInt(AWKWARD.length)], n = AWKWARD[random.nextInt(AWKWARD.length)];
            int k = AWKWARD[random.nextInt(AWKWARD.length)];
            check(random, transA, transB, m, n, k, 1f, 0f);
        }
    }

    @ParameterizedTest(name = "trans {0} {1}")
    @MethodSource("transposes")
    void alphaAndBeta(boolean transA, boolean transB) {
        Random random = new Random(11);
        float[][] alphaBeta = {{1f, 0f}, {1f, 1f}, {0.5f, -2f}, {-1.5f, 0f}, {0f, 0.25f}, {2f, 1f}};
        for (float[] ab : alphaBeta) {
            check(random, transA, transB, 65, 33, 17, ab[0], ab[1]);       // direct path
            check(random, transA, transB, 127, 257, 1100, ab[0], ab[1]);   // blocked, several k blocks
            check(random, transA, transB, 700, 100, 600, ab[0], ab[1]);    // blocked, B packed, several row blocks
            check(random, transA, transB, 16, 200, 40, ab[0], ab[1]);      // B read in place
            check(random, transA, transB, 16, 200, 600, ab[0], ab[1]);     // B read in place, several k blocks
            check(random, transA, transB, 65, 7, 100, ab[0], ab[1]);       // narrow C, odd m
        }
    }

    @ParameterizedTest(name = "trans {0} {1}")
    @MethodSource("transposes")
    void shapesOfTheModels(boolean transA, boolean transB) {
        Random random = new Random(3);
        int[][] shapes = {{6, 784, 25}, {16, 100, 150}, {64, 500, 80}, {128, 10, 800}, {300, 7, 65},
                {10, 300, 64}, {1, 1000, 100}, {1000, 1, 100}, {257, 129, 513}, {96, 2100, 40}};
        for (int[] s : shapes) check(random, transA, transB, s[0], s[1], s[2], 1f, random.nextBoolean() ? 0f : 1f);
    }

    @Test
    void multiThreadedSplitsMatchOneThread() {
        Random random = new Random(5);
        int threads = Parallel.threads();
        try {
            for (int t : new int[] {1, 2, 3}) {
                Parallel.setThreads(t);
                check(random, false, false, 200, 1500, 70, 1f, 0f);   // split over columns
                check(random, true, false, 40, 3000, 700, 0.5f, 1f);  // columns, two depth blocks
                check(random, false, true, 30, 2000, 600, -1f, 0f);   // columns, op(B) transposed
                check(random, true, true, 1500, 100, 70, 1f, 0.5f);   // split over rows
                check(random, false, true, 129, 130, 131, 1f, 1f);
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void zeroDepthScalesC() {
        float[] c = {1f, 2f, 3f, 4f};
        Sgemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 3f, c, 0, 2);
        assertEquals(Arrays.toString(new float[] {3f, 6f, 9f, 12f}), Arrays.toString(c));
        float[] nan = {Float.NaN, Float.NaN};
        Sgemm.sgemm(true, true, 1, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 1, 0f, nan, 0, 2);
        assertEquals(Arrays.toString(new float[] {0f, 0f}), Arrays.toString(nan));
    }

    @Test
    void emptyProductsTouchNothing() {
        float[] c = {Float.NaN};
        Sgemm.sgemm(false, false, 0, 5, 3, 1f, new float[0], 0, 3, new float[15], 0, 5, 0f, c, 0, 5);
        Sgemm.sgemm(false, false, 5, 0, 3, 1f, new float[15], 0, 3, new float[0], 0, 1, 0f, c, 0, 1);
        assertTrue(Float.isNaN(c[0]));
    }

    @Test
    void leadingDimensionTooSmallNamesTheMatrix() {
        float[] x = new float[100];
        assertMessage(() -> Sgemm.sgemm(false, false, 3, 4, 5, 1f, x, 0, 4, x, 0, 4, 0f, x, 0, 4), "A");
        assertMessage(() -> Sgemm.sgemm(false, true, 3, 4, 5, 1f, x, 0, 5, x, 0, 4, 0f, x, 0, 4), "B");
        assertMessage(() -> Sgemm.sgemm(true, false, 3, 4, 5, 1f, x, 0, 3, x, 0, 4, 0f, x, 0, 3), "C");
    }

    @Test
    void arrayTooShortNamesTheMatrix() {
        float[] big = new float[100], small = new float[10];
        assertMessage(() -> Sgemm.sgemm(false, false, 3, 4, 5, 1f, small, 0, 5, big, 0, 4, 0f, big, 0, 4), "A");
        assertMessage(() -> Sgemm.sgemm(false, false, 3, 4, 5, 1f, big, 90, 5, big, 0, 4, 0f, big, 0, 4), "A");
        assertMessage(() -> Sgemm.sgemm(false, true, 3, 4, 5, 1f, big, 0, 5, small, 0, 5, 0f, big, 0, 4), "B");
        assertMessage(() -> Sgemm.sgemm(false, false, 3, 4, 5, 1f, big, 0, 5, big, 0, 4, 0f, small, 0, 4), "C");
        assertMessage(() -> Sgemm.sgemm(false, false, 3, 4, 5, 1f, big, 0, 5, big, 0, 4, 0f, big, -1, 4), "C");
    }

    @Test
    void negativeSizeIsRejected() {
        float[] x = new float[10];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.sgemm(false, false, -1, 1, 1, 1f, x, 0, 1, x, 0, 1, 0f, x, 0, 1));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
    }

    private static void assertMessage(Runnable call, String matrix) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(" " + matrix + " "), "message should name " + matrix + ": " + e.getMessage());
    }
}

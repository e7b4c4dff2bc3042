package org.fovea.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast distances against their two-loop twins (CS231n assignment 1: "no loops" == "two loops"). */
class DistancesTest {
    private static float[] random(int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] a = new float[count];
        for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextDouble();
        return a;
    }

    private static void assertClose(float[] expected, float[] actual, double relative) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void vectorisedL2EqualsTwoLoops() {
        // Shapes that take SGEMM's small, narrow and packed paths, with a tail in every dimension.
        int[][] shapes = {{3, 5, 7}, {17, 3, 33}, {70, 301, 784}, {129, 64, 50}};
        for (int[] s : shapes) {
            int n = s[0], m = s[1], d = s[2];
            float[] x = random(n * d, 1), y = random(m * d, 2);
            float[] fast = new float[n * m], naive = new float[n * m];
            Distances.l2Squared(x, Distances.squaredNorms(x, n, d), n, y, Distances.squaredNorms(y, m, d), m, d, fast);
            Distances.l2SquaredNaive(x, n, y, m, d, naive);
            assertClose(naive, fast, 1e-4);
        }
    }

    @Test
    void l2OfARowWithItselfIsZeroNotNegative() {
        float[] x = random(4 * 784, 3);
        float[] out = new float[16];
        float[] norms = Distances.squaredNorms(x, 4, 784);
        Distances.l2Squared(x, norms, 4, x, norms, 4, 784, out);
        for (int i = 0; i < 4; i++) {
            assertEquals(0, out[i * 4 + i], 1e-2);
            assertEquals(true, out[i * 4 + i] >= 0);
        }
    }

    @Test
    void vectorisedL1EqualsTwoLoops() {
        int[][] shapes = {{3, 5, 7}, {40, 23, 784}, {9, 11, 1}};
        for (int[] s : shapes) {
            int n = s[0], m = s[1], d = s[2];
            float[] x = random(n * d, 4), y = random(m * d, 5);
            float[] fast = new float[n * m], naive = new float[n * m];
            Distances.l1(x, n, y, m, d, fast);
            Distances.l1Naive(x, n, y, m, d, naive);
            assertClose(naive, fast, 1e-5);
        }
    }

    @Test
    void rejectsShortArrays() {
        assertThrows(IllegalArgumentException.class, () -> Distances.l1(new float[6], 2, new float[6], 2, 3, new float[3]));
    }
}

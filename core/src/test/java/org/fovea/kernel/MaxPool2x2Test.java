package org.fovea.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The vectorised 2×2 max pooling against the general loop of {@link Pool2d}, its scalar twin. */
class MaxPool2x2Test {

    @ParameterizedTest(name = "({0}, {1}, {2}, {3}) ties={4}")
    @CsvSource({
            "2, 3, 28, 28, false", "2, 3, 28, 28, true", "4, 16, 10, 10, true", "1, 1, 2, 2, true",
            "3, 2, 5, 7, true", "2, 1, 17, 33, false", "1, 2, 64, 3, true", "5, 7, 6, 34, true", "1, 1, 130, 66, false"})
    void matchesTheGeneralLoop(int n, int c, int h, int w, boolean ties) {
        PoolGeometry g = PoolGeometry.of(n, c, h, w, 2, 2);
        assertTrue(MaxPool2x2.suits(g));
        SplittableRandom rng = new SplittableRandom(n * 1000L + c * 100L + h + w);
        float[] x = new float[g.inputSize()];
        // ties: values from {-1, 0, 1} (many equal maxima, as after a ReLU); else Gaussian
        for (int i = 0; i < x.length; i++) x[i] = ties ? rng.nextInt(3) - 1 : (float) rng.nextGaussian();
        assertSame(g, x);
    }

    @Test
    void aNaNWinsItsWindowAsInTheGeneralLoop() {
        PoolGeometry g = PoolGeometry.of(2, 3, 12, 20, 2, 2);
        SplittableRandom rng = new SplittableRandom(7);
        float[] x = new float[g.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        x[5 * 20 + 7] = Float.NaN;
        x[g.inputSize() - 1] = Float.NaN;
        assertSame(g, x);
        float[] out = new float[g.outputSize()];
        Pool2d.maxPool2dForward(g, x, out, new int[g.outputSize()]);
        assertTrue(Float.isNaN(out[2 * 10 + 3]), "window (2, 3) holds the NaN");
    }

    @Test
    void ceilModeAndPaddingTakeTheGeneralLoop() {
        assertFalse(MaxPool2x2.suits(new PoolGeometry(1, 1, 5, 5, 2, 2, 2, 2, 0, 0, true)));
        assertFalse(MaxPool2x2.suits(new PoolGeometry(1, 1, 6, 6, 2, 2, 2, 2, 1, 1, false)));
        assertTrue(MaxPool2x2.suits(new PoolGeometry(1, 1, 6, 6, 2, 2, 2, 2, 0, 0, true)));
    }

    @Test
    void backwardIntoZerosEqualsTheOverwritingBackward() {
        PoolGeometry g = PoolGeometry.of(3, 4, 9, 14, 2, 2);
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = new float[g.inputSize()], up = new float[g.outputSize()];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        for (int i = 0; i < up.length; i++) up[i] = (float) rng.nextGaussian();
        int[] argmax = new int[g.outputSize()];
        Pool2d.maxPool2dForward(g, x, new float[g.outputSize()], argmax);
        float[] overwritten = new float[g.inputSize()];
        java.util.Arrays.fill(overwritten, 9f);
        Pool2d.maxPool2dBackward(g, up, argmax, overwritten);
        float[] zeroed = new float[g.inputSize()];
        Pool2d.maxPool2dBackwardIntoZeros(g, up, argmax, zeroed);
        assertArrayEquals(overwritten, zeroed);
        assertEquals(0f, overwritten[8 * 14 + 3], "the odd last row is in no window");
    }

    private static void assertSame(PoolGeometry g, float[] x) {
        float[] out = new float[g.outputSize()], want = new float[g.outputSize()];
        int[] argmax = new int[g.outputSize()], wantArgmax = new int[g.outputSize()];
        Pool2d.maxPool2dForward(g, x, out, argmax);
        for (int p = 0; p < g.n() * g.c(); p++) Pool2d.maxPoolPlane(g, x, p, want, wantArgmax);
        assertArrayEquals(wantArgmax, argmax, "argmax " + g);
        assertArrayEquals(want, out, "out " + g);
    }
}

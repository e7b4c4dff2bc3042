package org.fovea.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Initialisers: empirical moments of large tensors, bounds, fans and seeded determinism. */
class InitTest {
    private static final int[] LINEAR = {256, 1024};   // (out, in)
    private static final int[] CONV = {64, 3, 7, 7};    // (k, c, r, s)

    /** Returns {mean, std, min, max}. */
    private static double[] moments(Tensor t) {
        float[] v = t.toArray();
        double sum = 0, sumSq = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (float x : v) {
            sum += x;
            sumSq += (double) x * x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double mean = sum / v.length;
        return new double[] {mean, Math.sqrt(sumSq / v.length - mean * mean), min, max};
    }

    private static void assertStd(String what, double want, Tensor t) {
        double[] m = moments(t);
        assertEquals(want, m[1], 0.05 * want, what + ": std");
        assertEquals(0, m[0], 0.05 * want, what + ": mean");
    }

    @Test
    void fansOfLinearAndConvolutionWeights() {
        assertEquals(new Init.Fans(1024, 256), Init.fans(LINEAR));
        assertEquals(new Init.Fans(3 * 49, 64 * 49), Init.fans(CONV));
        assertEquals(new Init.Fans(4 * 9, 12 * 9), Init.fans(new int[] {12, 4, 3, 3})); // groups: c/groups = 4
        assertThrows(IllegalArgumentException.class, () -> Init.fans(new int[] {10}));
    }

    @Test
    void xavierAndHeHaveTheirTargetSpread() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int[] shape : new int[][] {LINEAR, CONV}) {
            Init.Fans f = Init.fans(shape);
            String s = java.util.Arrays.toString(shape);
            double xavierStd = Math.sqrt(2.0 / (f.fanIn() + f.fanOut()));
            double heStd = Math.sqrt(2.0 / f.fanIn());
            assertStd("xavierNormal " + s, xavierStd, Init.xavierNormal(Tensor.zeros(shape), rng));
            assertStd("kaimingNormal " + s, heStd, Init.kaimingNormal(Tensor.zeros(shape), rng));
            // U(±b) has std b/√3
            double xb = Math.sqrt(6.0 / (f.fanIn() + f.fanOut()));
            double hb = Math.sqrt(6.0 / f.fanIn());
            Tensor xu = Init.xavierUniform(Tensor.zeros(shape), rng);
            Tensor hu = Init.kaimingUniform(Tensor.zeros(shape), rng);
            assertStd("xavierUniform " + s, xb / Math.sqrt(3), xu);
            assertStd("kaimingUniform " + s, hb / Math.sqrt(3), hu);
            assertInside("xavierUniform " + s, xu, xb);
            assertInside("kaimingUniform " + s, hu, hb);
        }
        // gain 1 instead of He's implicit √2 halves the variance
        assertStd("kaimingNormal gain 1", Math.sqrt(1.0 / 1024), Init.kaimingNormal(Tensor.zeros(LINEAR), 1, rng));
    }

    private static void assertInside(String what, Tensor t, double bound) {
        double[] m = moments(t);
        assertTrue(m[2] >= -bound && m[3] < bound, what + ": values in [" + m[2] + ", " + m[3] + "] outside ±" + bound);
        assertTrue(m[2] < -0.99 * bound && m[3] > 0.99 * bound, what + ": values should fill the interval ±" + bound);
    }

    @Test
    void gaussianAndUniform() {
        SplittableRandom rng = new SplittableRandom(2);
        Tensor g = Init.normal(Tensor.zeros(LINEAR), 0.5, 0.01, rng);
        double[] m = moments(g);
        assertEquals(0.5, m[0], 1e-3);
        assertEquals(0.01, m[1], 5e-4);
        Tensor u = Init.uniform(Tensor.zeros(LINEAR), -1, 3, rng);
        m = moments(u);
        assertEquals(1, m[0], 0.02);
        assertTrue(m[2] >= -1 && m[3] < 3, "uniform bounds: [" + m[2] + ", " + m[3] + "]");
        assertThrows(IllegalArgumentException.class, () -> Init.uniform(Tensor.zeros(3), 2, 1, rng));
        assertThrows(IllegalArgumentException.class, () -> Init.normal(Tensor.zeros(3), 0, -1, rng));
    }

    @Test
    void zerosConstantAndViews() {
        Tensor t = Tensor.ones(2, 3);
        assertArrayEquals(new float[6], Init.zeros(t).toArray());
        assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f}, Init.constant(t, 0.1).toArray());
        // a non-contiguous view: only its own elements change
        Tensor base = Tensor.zeros(4, 4);
        Init.uniform(base.transpose(0, 1).narrow(0, 1, 2), 1, 2, new SplittableRandom(5));
        float[] v = base.toArray();
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                boolean inView = c == 1 || c == 2;
                assertEquals(inView, v[r * 4 + c] >= 1, "element (" + r + ", " + c + ")");
            }
        }
    }

    @Test
    void seededDeterminism() {
        Tensor a = Init.kaimingNormal(Tensor.zeros(CONV), new SplittableRandom(42));
        Tensor b = Init.kaimingNormal(Tensor.zeros(CONV), new SplittableRandom(42));
        Tensor c = Init.kaimingNormal(Tensor.zeros(CONV), new SplittableRandom(43));
        assertArrayEquals(a.toArray(), b.toArray());
        assertTrue(!java.util.Arrays.equals(a.toArray(), c.toArray()), "another seed gives other values");
    }

    @Test
    void gains() {
        assertEquals(Math.sqrt(2), Init.gain("relu"), 1e-15);
        assertEquals(5.0 / 3, Init.gain("tanh"), 1e-15);
        assertEquals(1, Init.gain("linear"), 0);
        assertEquals(Math.sqrt(2 / (1 + 0.04)), Init.leakyReluGain(0.2), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Init.gain("swish"));
    }
}

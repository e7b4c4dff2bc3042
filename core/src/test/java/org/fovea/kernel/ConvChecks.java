package org.fovea.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

/** What the convolution tests share: random operands and the float32 tolerance against the direct definition. */
final class ConvChecks {
    private ConvChecks() {}

    /** n values uniform in [-1, 1). */
    static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-1, 1);
        return a;
    }

    /**
     * float32 sums of `terms` products of values in [-1, 1]: error grows like sqrt(terms)·ulp; relative to
     * max(1, |expected|). Returns the largest error seen, relative to that scale.
     */
    static double assertClose(String what, float[] expected, float[] actual, int terms) {
        double tol = 1e-5 * Math.sqrt(terms) + 1e-6 * terms;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i]));
            worst = Math.max(worst, err);
            assertTrue(err <= tol, what + " element " + i + ": " + actual[i] + " vs " + expected[i]);
        }
        return worst;
    }

    /** A forward convolution: out = conv(x, w) + b (b may be null). */
    interface Forward {
        void run(ConvGeometry g, float[] x, float[] w, float[] b, float[] out);
    }

    /**
     * Runs a forward kernel on operands seeded by the geometry (a bias half the time, garbage in out, which must
     * be overwritten) and checks it against {@link Conv2dReference}; returns the largest error.
     */
    static double checkForward(String what, ConvGeometry g, Forward kernel) {
        SplittableRandom rng = new SplittableRandom(g.hashCode());
        float[] x = random(rng, g.inputSize());
        float[] w = random(rng, g.weightSize());
        float[] b = rng.nextBoolean() ? random(rng, g.k()) : null;
        float[] out = random(rng, g.outputSize());
        float[] ref = new float[g.outputSize()];
        kernel.run(g, x, w, b, out);
        Conv2dReference.conv2dForward(g, x, w, b, ref);
        return assertClose(what, ref, out, g.patch());
    }
}

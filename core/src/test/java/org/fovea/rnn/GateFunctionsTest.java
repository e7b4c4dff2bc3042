package org.fovea.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GateFunctionsTest {
    private static float[] inputs() {
        SplittableRandom rng = new SplittableRandom(11);
        float[] x = new float[1003];                          // not a multiple of any vector length: the scalar tail runs too
        for (int i = 0; i < x.length; i++) x[i] = (float) (rng.nextGaussian() * (i % 3 == 0 ? 30 : 3));
        x[0] = 0;
        x[1] = 1e-6f;
        x[2] = -200;
        x[3] = 200;
        x[4] = Float.NaN;
        return x;
    }

    @Test
    void vectorLoopGivesTheScalarTwinsBits() {
        float[] x = inputs();
        float[] s = x.clone();
        float[] t = new float[x.length];
        GateFunctions.sigmoid(s, 0, x.length);
        GateFunctions.tanh(x, 0, t, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToIntBits(GateFunctions.sigmoid(x[i])), Float.floatToIntBits(s[i]), "sigmoid at " + x[i]);
            assertEquals(Float.floatToIntBits(GateFunctions.tanh(x[i])), Float.floatToIntBits(t[i]), "tanh at " + x[i]);
        }
    }

    @Test
    void closeToDoublePrecision() {
        float[] x = inputs();
        for (float v : x) {
            if (Float.isNaN(v)) {
                assertTrue(Float.isNaN(GateFunctions.sigmoid(v)) && Float.isNaN(GateFunctions.tanh(v)));
                continue;
            }
            double sig = 1 / (1 + Math.exp(-v));
            assertEquals(sig, GateFunctions.sigmoid(v), 1e-7 + 3e-7 * sig, "sigmoid at " + v);
            assertEquals(Math.tanh(v), GateFunctions.tanh(v), 2e-7, "tanh at " + v);
            if (v > -80 && v < 80) assertEquals(Math.exp(v), GateFunctions.exp(v), 3e-7 * Math.exp(v), "exp at " + v);
        }
        assertEquals(1f, GateFunctions.tanh(200));
        assertEquals(-1f, GateFunctions.tanh(-200));
        assertEquals(0f, GateFunctions.sigmoid(-200), 1e-37);
    }
}

package org.fovea.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every Vector API update loop against its scalar twin: same operations in the same order (no FMA), so the
 * results must agree bit for bit, including the scalar tail (odd lengths) and non-zero offsets.
 */
class KernelTwinTest {
    private static final int N = 67;
    private static final int OFF = 3;

    private interface Kernel {
        void run(float[] x, float[] g, float[] s1, float[] s2);
    }

    private static void compare(String what, Kernel vector, Kernel scalar) {
        Random r = new Random(42);
        float[] x = new float[N + OFF];
        float[] g = new float[N + 2 * OFF];
        float[] s1 = new float[N];
        float[] s2 = new float[N];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        for (int i = 0; i < g.length; i++) g[i] = (float) r.nextGaussian();
        for (int i = 0; i < N; i++) {
            s1[i] = (float) r.nextGaussian() * 0.1f;
            s2[i] = (float) Math.abs(r.nextGaussian()) * 0.1f;
        }
        float[] x0 = x.clone(), x2 = x.clone(), s12 = s1.clone(), s22 = s2.clone();
        for (int rep = 0; rep < 3; rep++) {
            vector.run(x, g, s1, s2);
            scalar.run(x2, g, s12, s22);
        }
        assertArrayEquals(x2, x, what + ": parameter");
        assertArrayEquals(s12, s1, what + ": first state");
        assertArrayEquals(s22, s2, what + ": second state");
        assertEquals(x0[0], x[0], what + ": element before the offset written");
        assertNotEquals(x0[OFF + N - 1], x[OFF + N - 1], what + ": the tail was not updated");
    }

    @Test
    void sgdKernels() {
        compare("plain", (x, g, a, b) -> SGD.plain(x, OFF, g, 2 * OFF, N, 0.1f, 0.01f),
                (x, g, a, b) -> SGD.plainScalar(x, OFF, g, 2 * OFF, N, 0.1f, 0.01f));
        compare("cs231n nesterov", (x, g, a, b) -> SGD.cs231n(x, OFF, g, 2 * OFF, a, N, 0.1f, 0.01f, 0.9f, -0.9f, 1.9f),
                (x, g, a, b) -> SGD.cs231nScalar(x, OFF, g, 2 * OFF, a, N, 0.1f, 0.01f, 0.9f, -0.9f, 1.9f));
        compare("pytorch nesterov", (x, g, a, b) -> SGD.pytorch(x, OFF, g, 2 * OFF, a, N, 0.1f, 0.5f, 0.01f, 0.9f, 1f, 0.9f),
                (x, g, a, b) -> SGD.pytorchScalar(x, OFF, g, 2 * OFF, a, N, 0.1f, 0.5f, 0.01f, 0.9f, 1f, 0.9f));
    }

    @Test
    void adaptiveKernels() {
        compare("adagrad", (x, g, a, b) -> AdaGrad.adagrad(x, OFF, g, 2 * OFF, b, N, 0.1f, 1e-7f, 0.01f),
                (x, g, a, b) -> AdaGrad.adagradScalar(x, OFF, g, 2 * OFF, b, N, 0.1f, 1e-7f, 0.01f));
        compare("rmsprop", (x, g, a, b) -> RMSProp.rmsprop(x, OFF, g, 2 * OFF, b, N, 0.01f, 0.99f, 0.01f, 1e-7f, 0.01f),
                (x, g, a, b) -> RMSProp.rmspropScalar(x, OFF, g, 2 * OFF, b, N, 0.01f, 0.99f, 0.01f, 1e-7f, 0.01f));
        Adam.Coefficients k = new Adam.Coefficients(0.9f, 0.1f, 0.999f, 0.001f, 0.05f, 0.0447f, 1e-8f, 0.01f, 0.999f);
        compare("adam", (x, g, a, b) -> Adam.adam(x, OFF, g, 2 * OFF, a, b, N, k),
                (x, g, a, b) -> Adam.adamScalar(x, OFF, g, 2 * OFF, a, b, N, k));
    }
}

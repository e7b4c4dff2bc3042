package org.fovea.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.fovea.kernel.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Element-wise ops on tensors large enough to be split across threads compute every element as defined. */
class ElementWiseSplitTest {
    private final int threads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threads);
    }

    @Test
    void splitLoopsCoverEveryElement() {
        Parallel.setThreads(3);
        SplittableRandom rng = new SplittableRandom(4);
        int n = 3 * (1 << 16) + 37; // three chunks and a ragged end
        Tensor big = Tensor.randn(rng, n + 5).narrow(0, 5, n); // a view that starts inside its array
        Tensor grad = Tensor.randn(rng, n);
        float[] x = big.toArray(), g = grad.toArray();
        float[] relu = big.relu().toArray(), neg = big.neg().toArray(), exp = big.exp().toArray();
        float[] back = grad.reluBackward(big.relu()).toArray();
        float[] inPlace = big.copy().reluInPlace().toArray();
        for (int i = 0; i < n; i++) {
            assertEquals(Math.max(x[i], 0f), relu[i], "relu " + i);
            assertEquals(Math.max(x[i], 0f), inPlace[i], "reluInPlace " + i);
            assertEquals(-x[i], neg[i], "neg " + i);
            assertEquals((float) Math.exp(x[i]), exp[i], "exp " + i);
            assertEquals(x[i] > 0f ? g[i] : 0f, back[i], "reluBackward " + i);
        }
    }
}

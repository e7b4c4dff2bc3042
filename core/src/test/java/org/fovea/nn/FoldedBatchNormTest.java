package org.fovea.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Inference folds a batch norm into the convolution before it; the result is what the two layers compute. */
class FoldedBatchNormTest {
    @Test
    void foldedInferenceEqualsConvolutionThenBatchNorm() {
        SplittableRandom rng = new SplittableRandom(8);
        Conv2d withBias = new Conv2d(3, 5, 3, 1, 1, rng);
        Conv2d noBias = new Conv2d(5, 7, 3, 2, 1, 1, 1, false, rng);
        BatchNorm2d bn1 = new BatchNorm2d(5), bn2 = new BatchNorm2d(7, 1e-3, 0.1);
        Sequential net = new Sequential(withBias, bn1, new ReLU(), noBias, bn2);
        // running statistics and affine parameters away from their initial 0 / 1
        for (BatchNorm2d bn : new BatchNorm2d[] {bn1, bn2}) {
            fill(bn.runningMean(), rng, 0.5, 0);
            fill(bn.runningVar(), rng, 0.5, 1);
            fill(bn.weight().data(), rng, 0.5, 1);
            fill(bn.bias().data(), rng, 0.5, 0);
        }
        net.eval();
        Tensor x = Tensor.randn(rng, 4, 3, 9, 11);
        assertTrue(withBias.foldsInto(bn1) == false, "a graph is being recorded: no folding");
        float[] layered = net.forward(Variable.of(x)).data().toArray();
        float[] folded;
        try (var scope = GradMode.noGrad()) {
            assertTrue(withBias.foldsInto(bn1));
            assertFalse(withBias.foldsInto(new ReLU()));
            folded = net.forward(Variable.of(x)).data().toArray();
        }
        double scale = 0;
        for (float v : layered) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < layered.length; i++) assertEquals(layered[i], folded[i], 1e-5 * scale, "element " + i);
    }

    @Test
    void trainingModeNeverFolds() {
        SplittableRandom rng = new SplittableRandom(2);
        Conv2d conv = new Conv2d(2, 4, 3, rng);
        BatchNorm2d bn = new BatchNorm2d(4);
        try (var scope = GradMode.noGrad()) {
            assertFalse(conv.foldsInto(bn), "batch statistics in training mode");
            bn.eval();
            assertTrue(conv.foldsInto(bn));
            assertFalse(conv.foldsInto(new BatchNorm2d(5).eval()), "channel counts differ: the batch norm reports it");
        }
    }

    private static void fill(Tensor t, SplittableRandom rng, double spread, double around) {
        float[] d = t.data();
        for (int i = 0; i < t.numel(); i++) d[t.offset() + i] = (float) (around + spread * (rng.nextDouble() - 0.25));
    }
}

package org.fovea.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.fovea.autograd.GradCheck;
import org.fovea.autograd.Variable;
import org.fovea.data.DataSets;
import org.fovea.data.DataSource;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LinearClassifierTest {
    /** The SVM and softmax objectives with each penalty, analytic gradients of W and b against central differences. */
    @Test
    void svmAndSoftmaxGradientsMatchNumericOnes() {
        int n = 6, d = 5, c = 4;
        SplittableRandom rng = new SplittableRandom(11);
        Tensor x = Tensor.randn(rng, n, d);
        Tensor w = Tensor.randn(rng, d, c).mul(0.5f);
        Tensor b = Tensor.randn(rng, c).mul(0.1f);
        int[] labels = {0, 1, 2, 3, 1, 2};
        for (LinearClassifier.Loss loss : LinearClassifier.Loss.values()) {
            for (LinearClassifier.Penalty penalty : LinearClassifier.Penalty.values()) {
                LinearClassifier.Options o = new LinearClassifier.Options(loss, penalty, 0.05, 0.5, 0.1, 1, 0, 1, n, 1);
                // NOTE: a small step keeps every hinge margin and every |w| away from its kink.
                GradCheck.Result r = GradCheck.check(loss + "+" + penalty,
                        v -> LinearClassifier.objective(Variable.of(x), v[0], v[1], labels, o),
                        new Tensor[] {w, b}, GradCheck.Options.defaults().withEps(loss == LinearClassifier.Loss.SVM ? 1e-3 : 1e-2).withThreshold(5e-3));
                assertTrue(r.passed(), r.toString());
                assertEquals(d * c + c, r.checked());
            }
        }
    }

    @Test
    void softmaxLearnsFashionMnistSliceAndTemplatesAreImages() {
        DataSource src = DataSets.embeddedFashionMnist();
        DataMatrix train = DataMatrix.of(src.train().head(3000));
        DataMatrix test = DataMatrix.of(src.test().head(1000));
        LinearClassifier.Options o = LinearClassifier.Options.defaults(LinearClassifier.Loss.SOFTMAX);
        LinearClassifier lc = new LinearClassifier(784, 10, 3);
        List<LinearClassifier.Epoch> history = lc.fit(train, test, new LinearClassifier.Options(o.loss(), o.penalty(), o.lambda(), o.beta(),
                o.lr(), o.lrDecay(), o.momentum(), 4, 100, 3), null);
        assertEquals(4, history.size());
        assertTrue(history.get(3).loss() < history.get(0).loss(), history.toString());
        double acc = lc.accuracy(test);
        assertTrue(acc > 0.72, "softmax on 3000 images: " + acc);
        assertEquals(acc, history.get(3).validationAccuracy(), 1e-12);
        List<Tensor> t = lc.templates(new int[] {1, 28, 28});
        assertEquals(10, t.size());
        assertArrayEquals(new int[] {1, 28, 28}, t.get(0).shape());
        assertEquals(1f, t.get(0).max().item(), 1e-6);
        assertEquals(0f, t.get(0).min().item(), 1e-6);
    }

    @Test
    void svmTrainingIsReproducibleFromTheSeed() {
        DataMatrix train = DataMatrix.of(DataSets.embeddedFashionMnist().train().head(600));
        LinearClassifier.Options o = new LinearClassifier.Options(LinearClassifier.Loss.SVM, LinearClassifier.Penalty.ELASTIC,
                1e-3, 0.5, 1e-3, 0.9, 0.9, 2, 50, 5);
        LinearClassifier a = new LinearClassifier(784, 10, 5), b = new LinearClassifier(784, 10, 5);
        double la = a.fit(train, null, o, null).get(1).loss(), lb = b.fit(train, null, o, null).get(1).loss();
        // NOTE: equal up to float rounding, not bitwise: the Vector API kernels may sum in another order once
        // C2 has compiled them (the first run is partly interpreted).
        assertEquals(la, lb, 1e-6);
        assertArrayEquals(a.weight().data().toArray(), b.weight().data().toArray(), 1e-5f);
    }
}

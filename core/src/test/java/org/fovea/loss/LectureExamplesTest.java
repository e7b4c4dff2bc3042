package org.fovea.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The worked examples of CS231n lecture 3 (cat, car, frog). */
class LectureExamplesTest {
    // rows: the cat, car and frog images; columns: scores for the classes cat, car, frog
    private static final float[][] SCORES = {{3.2f, 5.1f, -1.7f}, {1.3f, 4.9f, 2.0f}, {2.2f, 2.5f, -3.1f}};

    private static Variable row(int i) { return Variable.of(Tensor.of(SCORES[i], 1, 3)); }

    @Test
    void multiclassSvmLosses() {
        MultiClassSvmLoss svm = new MultiClassSvmLoss();
        assertEquals(2.9, svm.forward(row(0), new int[] {0}).item(), 1e-5);  // max(0, 5.1−3.2+1) + max(0, −1.7−3.2+1)
        assertEquals(0.0, svm.forward(row(1), new int[] {1}).item(), 1e-5);
        assertEquals(12.9, svm.forward(row(2), new int[] {2}).item(), 1e-5);
        Variable all = Variable.of(Tensor.of(SCORES));
        assertEquals(5.27, svm.forward(all, new int[] {0, 1, 2}).item(), 0.005); // (2.9 + 0 + 12.9) / 3 = 5.2667
    }

    @Test
    void softmaxCrossEntropyOfTheCatImage() {
        Variable scores = row(0);
        assertEquals(0.13, scores.softmax(1).data().get(0, 0), 0.005);
        // natural log: −ln 0.13 = 2.04 (the slide's 0.89 is log base 10)
        assertEquals(2.04, new CrossEntropyLoss().forward(scores, new int[] {0}).item(), 0.005);
    }

    @Test
    void svmGradientPushesTheCorrectScoreUp() {
        Variable s = Variable.param(Tensor.of(SCORES[0], 1, 3));
        new MultiClassSvmLoss().forward(s, new int[] {0}).backward();
        // only the car margin (2.9) is positive: +1 on car, −1 on cat, 0 on frog
        assertEquals(-1f, s.grad().get(0, 0));
        assertEquals(1f, s.grad().get(0, 1));
        assertEquals(0f, s.grad().get(0, 2));
    }

    @Test
    void regularizationValues() {
        Variable w = Variable.param(Tensor.of(new float[] {1, -2, 0.5f}, 3));
        assertEquals(0.1 * (1 + 4 + 0.25), Regularization.l2(java.util.List.of(w), 0.1).item(), 1e-6);
        assertEquals(0.1 * (1 + 2 + 0.5), Regularization.l1(java.util.List.of(w), 0.1).item(), 1e-6);
        assertEquals(0.1 * (0.5 * 5.25 + 3.5), Regularization.elasticNet(java.util.List.of(w), 0.1, 0.5).item(), 1e-6);
    }

    @Test
    void badLabelsAreRejected() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(row(0), new int[] {3}));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("label 3"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new MultiClassSvmLoss().forward(row(0), new int[] {0, 1}));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("2 labels"), e.getMessage());
    }
}

package org.fovea.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fovea.data.Batch;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AdversarialTest {
    private static Batch testBatch(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return VizFixtures.fashionTest(n).batch(idx);
    }

    @Test
    void fgsmAccuracyFallsAsEpsilonGrows() {
        Probe probe = VizFixtures.trainedMlp();
        Batch b = testBatch(300);
        float[] eps = {0f, 0.01f, 0.03f, 0.1f};
        List<Adversarial.Row> rows = Adversarial.accuracyCurve(probe, b.images(), b.labels(), eps, 5);
        assertEquals(4, rows.size());
        assertTrue(rows.get(0).clean() > 0.7, "the model learned something: " + rows.get(0));
        assertEquals(rows.get(0).clean(), rows.get(0).fgsm(), 1e-12, "ε = 0 changes nothing");
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i).fgsm() < rows.get(i - 1).fgsm(), "FGSM accuracy falls: " + rows);
            assertTrue(rows.get(i).iterative() <= rows.get(i).fgsm() + 0.02, "iterative is at least as strong: " + rows);
        }
        assertTrue(rows.get(3).fgsm() < 0.2, "ε = 0.1 breaks the model: " + rows);
    }

    @Test
    void perturbationsStayInTheEpsilonBallAndThePixelRange() {
        Probe probe = VizFixtures.trainedMlp();
        Batch b = testBatch(8);
        Tensor adv = Adversarial.iterative(probe, b.images(), b.labels(), 0.05f, 0.02f, 4);
        float[] a = adv.toArray(), x = b.images().contiguous().toArray();
        for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs(a[i] - x[i]) <= 0.05f + 1e-6f && a[i] >= 0 && a[i] <= 1, "pixel " + i);
        }
        Tensor f = Adversarial.fgsm(probe, b.images(), b.labels(), 0.05f);
        float[] fa = f.toArray();
        for (int i = 0; i < fa.length; i++) assertTrue(Math.abs(fa[i] - x[i]) <= 0.05f + 1e-6f && fa[i] >= 0 && fa[i] <= 1);
    }

    @Test
    void aFoolingImageIsClassifiedAsItsTarget() {
        Probe probe = VizFixtures.trainedMlp();
        Batch b = testBatch(1);
        int target = (b.labels()[0] + 1) % 10;
        Adversarial.Fooling f = Adversarial.fool(probe, b.images().select(0, 0), target, 0.5f, 100);
        assertTrue(f.fooled(), "fooled in " + f.steps() + " steps");
        assertEquals(target, Adversarial.predict(probe, f.image().unsqueeze(0))[0]);
    }
}

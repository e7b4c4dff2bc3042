package org.fovea.viz;

import java.util.SplittableRandom;
import org.fovea.autograd.Variable;
import org.fovea.data.DataSets;
import org.fovea.data.ImageDataset;
import org.fovea.data.Normalization;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.nn.Flatten;
import org.fovea.nn.Linear;
import org.fovea.nn.Sequential;
import org.fovea.optim.Adam;
import org.fovea.tensor.Tensor;
import org.fovea.zoo.Mlp;

/** Small models the viz tests share: a hand-set linear model and an MLP trained briefly on embedded Fashion-MNIST. */
final class VizFixtures {
    private static Probe trained;

    private VizFixtures() {}

    /**
     * A linear 2-class model on 1×28×28 images whose class-0 score is a quarter of the sum of the pixels in rows and
     * columns 8..13 (a 6×6 "object"), and whose class-1 score is 0.
     */
    static Probe regionModel() {
        Sequential model = new Sequential(new Flatten(), new Linear(28 * 28, 2, new SplittableRandom(1)));
        float[] w = new float[2 * 28 * 28];
        for (int y = 8; y < 14; y++) for (int x = 8; x < 14; x++) w[y * 28 + x] = 0.25f;
        model.namedParameters().get("1.weight").data().copyFrom(Tensor.wrap(w, 2, 28 * 28));
        model.namedParameters().get("1.bias").data().copyFrom(Tensor.of(new float[] {0f, 0f}, 2));
        return new Probe(model, null, new int[] {1, 28, 28});
    }

    /** A white 6×6 square on black at rows and columns 8..13. */
    static Tensor regionImage() {
        Tensor img = Tensor.zeros(1, 28, 28);
        for (int y = 8; y < 14; y++) for (int x = 8; x < 14; x++) img.set(1f, 0, y, x);
        return img;
    }

    static ImageDataset fashionTrain(int n) { return DataSets.resolve("fashion-mnist-embedded", null).train().head(n); }

    static ImageDataset fashionTest(int n) { return DataSets.resolve("fashion-mnist-embedded", null).test().head(n); }

    /** An MLP (784 → 64 → 10) trained for 4 epochs of Adam on 2000 Fashion-MNIST images (about 80 % test accuracy). */
    static synchronized Probe trainedMlp() {
        if (trained != null) return trained;
        ImageDataset train = fashionTrain(2000);
        Normalization norm = Normalization.perChannel(train);
        Mlp model = new Mlp(784, 64, 10, new SplittableRandom(7));
        Adam opt = new Adam(model.parameters(), 2e-3);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        int batch = 50;
        for (int epoch = 0; epoch < 4; epoch++) {
            for (int s = 0; s < train.size(); s += batch) {
                int[] idx = new int[batch];
                for (int i = 0; i < batch; i++) idx[i] = s + i;
                var b = train.batch(idx);
                Variable l = loss.forward(model.forward(Variable.of(norm.apply(b.images()))), b.labels());
                opt.zeroGrad();
                l.backward();
                opt.step();
            }
        }
        trained = new Probe(model, norm, new int[] {1, 28, 28});
        return trained;
    }
}

package org.fovea.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.fovea.autograd.Variable;
import org.fovea.data.Batch;
import org.fovea.data.DataSets;
import org.fovea.data.ImageDataset;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.optim.Adam;
import org.fovea.optim.Optimizer;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * CS231n's sanity check before training for real: a small convolutional net must be able to overfit a tiny
 * slice of the data. 50 Fashion-MNIST images reach 100 % training accuracy within 200 steps.
 */
class OverfitTest {
    @Test
    void smallConvNetOverfitsFiftyImages() {
        ImageDataset data = DataSets.embeddedFashionMnist().train().head(50);
        int[] all = new int[50];
        for (int i = 0; i < 50; i++) all[i] = i;
        Batch batch = data.batch(all);
        SplittableRandom rng = new SplittableRandom(42);
        Sequential net = new Sequential(new Conv2d(1, 8, 3, 1, 1, rng), new ReLU(), new MaxPool2d(2),
                new Conv2d(8, 16, 3, 1, 1, rng), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(16 * 7 * 7, 10, rng));
        Optimizer opt = new Adam(net.parameters(), 1e-2);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        int steps = 0;
        double accuracy = 0;
        while (steps < 200 && accuracy < 1) {
            Variable scores = net.forward(batch.images());
            Variable l = loss.forward(scores, batch.labels());
            opt.zeroGrad();
            l.backward();
            opt.step();
            steps++;
            accuracy = accuracy(scores.data(), batch.labels());
        }
        assertEquals(1.0, accuracy, "training accuracy after " + steps + " steps");
        net.eval();
        assertEquals(1.0, accuracy(net.forward(batch.images()).data(), batch.labels()), "accuracy of the trained net");
    }

    private static double accuracy(Tensor scores, int[] labels) {
        Tensor predicted = scores.argmax(1, false);
        int right = 0;
        for (int i = 0; i < labels.length; i++) if ((int) predicted.get(i) == labels[i]) right++;
        return (double) right / labels.length;
    }
}

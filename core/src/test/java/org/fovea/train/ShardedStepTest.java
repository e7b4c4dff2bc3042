package org.fovea.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fovea.autograd.Variable;
import org.fovea.kernel.Parallel;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.nn.BatchNorm2d;
import org.fovea.nn.Conv2d;
import org.fovea.nn.Dropout;
import org.fovea.nn.Flatten;
import org.fovea.nn.Linear;
import org.fovea.nn.Module;
import org.fovea.nn.ReLU;
import org.fovea.nn.Sequential;
import org.fovea.tensor.Tensor;
import org.fovea.zoo.LeNet5;
import org.fovea.zoo.Mlp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batch split over threads computes what one forward and backward over the whole batch computes. */
class ShardedStepTest {
    private final int threads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threads);
    }

    @Test
    void gradientsAndLossEqualThoseOfTheWholeBatch() {
        SplittableRandom rng = new SplittableRandom(11);
        Module net = new LeNet5(1, 28, 10, new SplittableRandom(5));
        Tensor x = Tensor.randn(rng, 37, 1, 28, 28); // 37 rows: shares of unequal size
        int[] labels = new int[37];
        for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(10);
        CrossEntropyLoss loss = new CrossEntropyLoss(0.1);

        Parallel.setThreads(1);
        net.zeroGrad();
        Variable scores = net.forward(x);
        Variable l = loss.forward(scores, labels);
        l.backward();
        List<float[]> want = grads(net);

        for (int t : new int[] {2, 3}) {
            Parallel.setThreads(t);
            assertEquals(Math.min(2 * t, 37 / 8), ShardedStep.shares(net, 37));
            net.zeroGrad();
            ShardedStep.Result r = ShardedStep.run(net, loss, x, labels);
            assertEquals(l.item(), r.loss(), 1e-6, "loss with " + t + " shares");
            assertArrayEquals(scores.data().toArray(), r.scores().toArray(), 1e-5f, "scores with " + t + " shares");
            List<float[]> got = grads(net);
            for (int i = 0; i < want.size(); i++) assertClose(want.get(i), got.get(i), "parameter " + i + ", " + t + " shares");
        }
    }

    @Test
    void theSameThreadCountGivesTheSameBitsEveryRun() {
        Parallel.setThreads(2);
        SplittableRandom rng = new SplittableRandom(3);
        Module net = new Mlp(20, 16, 5, new SplittableRandom(4));
        Tensor x = Tensor.randn(rng, 64, 20);
        int[] labels = new int[64];
        for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(5);
        net.zeroGrad();
        ShardedStep.run(net, new CrossEntropyLoss(), x, labels);
        List<float[]> first = grads(net);
        for (int run = 0; run < 3; run++) {
            net.zeroGrad();
            ShardedStep.run(net, new CrossEntropyLoss(), x, labels);
            List<float[]> again = grads(net);
            for (int i = 0; i < first.size(); i++) assertArrayEquals(first.get(i), again.get(i));
        }
    }

    @Test
    void onlyModelsThatTreatSamplesApartAreSplit() {
        SplittableRandom rng = new SplittableRandom(1);
        assertTrue(ShardedStep.supports(new LeNet5(1, 28, 10, rng)));
        assertTrue(ShardedStep.supports(new Mlp(784, 100, 10, rng)));
        assertFalse(ShardedStep.supports(new Sequential(new Conv2d(3, 4, 3, rng), new BatchNorm2d(4), new ReLU())),
                "batch norm takes statistics over the batch");
        assertFalse(ShardedStep.supports(new Sequential(new Flatten(), new Dropout(0.5, rng), new Linear(12, 2, rng))),
                "dropout draws from one random stream");
        Module custom = new Module() {
            @Override
            public Variable forward(Variable v) { return v; }
        };
        assertFalse(ShardedStep.supports(custom), "an unknown module may couple samples");
        Parallel.setThreads(2);
        assertEquals(1, ShardedStep.shares(new LeNet5(1, 28, 10, rng), 15), "shares under 8 samples are not worth it");
    }

    @Test
    void aNonFiniteLossLeavesTheGradientsUntouched() {
        Parallel.setThreads(2);
        Module net = new Mlp(4, 3, 2, new SplittableRandom(2));
        Tensor x = Tensor.full(Float.NaN, 16, 4);
        net.zeroGrad();
        ShardedStep.Result r = ShardedStep.run(net, new CrossEntropyLoss(), x, new int[16]);
        assertTrue(Double.isNaN(r.loss()));
        for (Variable p : net.parameters()) assertEquals(null, p.grad());
    }

    private static List<float[]> grads(Module net) {
        List<float[]> g = new ArrayList<>();
        for (Variable p : net.parameters()) g.add(p.grad().toArray());
        return g;
    }

    private static void assertClose(float[] want, float[] got, String what) {
        double scale = 0;
        for (float v : want) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5 * scale + 1e-7, what + " element " + i);
        }
    }
}

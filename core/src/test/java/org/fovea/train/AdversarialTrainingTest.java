package org.fovea.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.fovea.data.DataLoader;
import org.fovea.data.DataSets;
import org.fovea.data.ImageDataset;
import org.fovea.kernel.Parallel;
import org.fovea.nn.Module;
import org.fovea.optim.SGD;
import org.fovea.zoo.LeNet5;
import org.junit.jupiter.api.Test;

/** The Trainer's adversarial-training hook: ½·J(x) + ½·J(x_adv), the adversary run once per step in eval mode. */
class AdversarialTrainingTest {
    private static float[] train(Trainer.Adversary adversary, AtomicInteger calls) {
        ImageDataset data = DataSets.embeddedFashionMnist().train().head(256);
        Module net = new LeNet5(1, 28, 10, new SplittableRandom(3));
        Trainer trainer = new Trainer(net, new SGD(net.parameters(), 0.01, 0.9, 0, false), null, x -> x, new Trainer.Options(1, 0, 0));
        if (adversary != null) {
            trainer.setAdversary((images, labels) -> {
                calls.incrementAndGet();
                assertFalse(net.isTraining(), "the adversary runs with the model in evaluation mode");
                return adversary.perturb(images, labels);
            });
        }
        trainer.fit(new DataLoader(data, 64, 5, DataLoader.Options.training()), null, 0);
        return net.parameters().get(0).data().toArray();
    }

    @Test
    void anUnchangedBatchTrainsExactlyAsWithoutAdversary() {
        // One thread: with more, the plain step splits the batch (ShardedStep), which sums in another order.
        int threads = Parallel.threads();
        Parallel.setThreads(1);
        float[] plain;
        float[] mixed;
        AtomicInteger calls = new AtomicInteger();
        try {
            plain = train(null, calls);
            mixed = train((images, labels) -> images, calls);
        } finally {
            Parallel.setThreads(threads);
        }
        assertEquals(4, calls.get(), "one adversarial batch per step");
        assertArrayEquals(plain, mixed, "½·J(x) + ½·J(x) = J(x)");
        float[] perturbed = train((images, labels) -> images.mul(0.5f), new AtomicInteger());
        assertFalse(java.util.Arrays.equals(plain, perturbed), "other images change the training");
    }
}

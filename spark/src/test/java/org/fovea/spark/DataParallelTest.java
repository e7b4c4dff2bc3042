package org.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.data.DataLoader;
import org.fovea.nn.Module;
import org.fovea.optim.Optimizer;
import org.fovea.optim.SGD;
import org.fovea.tensor.Tensor;
import org.fovea.train.Trainer;
import org.fovea.train.TrainingEvent;
import org.fovea.zoo.Models;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with batch 8 each, gradients averaged by the ring, against one process with batch 16 over
 * the same data order: the same losses at every step and the same parameters after two epochs (momentum
 * and the global step travel across epochs through the driver).
 */
class DataParallelTest {
    static final long SEED = 7;

    static Recipe recipe(SyntheticData data) {
        return new Recipe(() -> Models.create("lenet5", Map.of(), new SplittableRandom(1)),
                p -> new SGD(p, 0.05, 0.9, 1e-4, false), data, Recipe.Preprocess.identity());
    }

    @Test
    void twoTasksMatchOneProcessWithTheCombinedBatchStepForStep() throws Exception {
        var data = new SyntheticData(64, 3);
        Recipe recipe = recipe(data);

        Module reference = recipe.model().create();
        Optimizer refOptimizer = recipe.optimizer().create(reference.parameters());
        List<Double> refLosses = new ArrayList<>();
        new Trainer(reference, refOptimizer, null, x -> x, new Trainer.Options(2, 0, 0))
                .addListener(e -> { if (e instanceof TrainingEvent.StepFinished s) refLosses.add(s.loss()); })
                .fit(new DataLoader(data.load(), 16, SEED, DataLoader.Options.training()), null, 0);

        Module model = recipe.model().create();
        Optimizer optimizer = recipe.optimizer().create(model.parameters());
        var trainer = new DistributedTrainer(LocalSpark.context(), recipe, new DistributedTrainer.Options(2, 8, 2, SEED));
        List<TrainingEvent.EpochFinished> history = trainer.fit(model, optimizer, null, null, 0, null);

        assertEquals(2, history.size());
        assertEquals(8, trainer.globalStep());
        List<Double> losses = new ArrayList<>();
        trainer.stats().forEach(s -> { for (double l : s.stepLosses()) losses.add(l); });
        assertEquals(refLosses.size(), losses.size());
        for (int i = 0; i < losses.size(); i++) assertEquals(refLosses.get(i), losses.get(i), 1e-5 * Math.max(1, Math.abs(refLosses.get(i))), "loss of step " + (i + 1));
        double maxDiff = maxDifference(reference.stateDict(), model.stateDict());
        System.out.printf("data-parallel parity: max |w_2tasks - w_1process| = %.3g over %d steps; losses %s%n", maxDiff, losses.size(), losses);
        assertTrue(maxDiff < 1e-5, "parameters differ by " + maxDiff);
        assertEquals(refOptimizer.stepCount(), optimizer.stepCount());
        assertTrue(maxDifference(refOptimizer.stateDict(), optimizer.stateDict()) < 1e-5, "momentum buffers differ");
    }

    static double maxDifference(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertEquals(a.keySet(), b.keySet());
        double max = 0;
        for (String k : a.keySet()) {
            float[] x = a.get(k).toArray(), y = b.get(k).toArray();
            assertEquals(x.length, y.length, k);
            for (int i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }
}

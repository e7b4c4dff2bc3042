package org.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.nn.Module;
import org.fovea.optim.SGD;
import org.fovea.zoo.Models;
import org.junit.jupiter.api.Test;

/** Mistakes caught before the first epoch, each with a message that says what to do. */
class PreflightTest {
    private static IllegalStateException fitFails(Recipe recipe, DistributedTrainer.Options options) {
        Module model = recipe.model().create();
        var trainer = new DistributedTrainer(LocalSpark.context(), recipe, options);
        return assertThrows(IllegalStateException.class, () -> trainer.fit(model, new SGD(model.parameters(), 0.1, 0, 0, false), null, null, 0, null));
    }

    @Test
    void moreTasksThanTaskSlots() {
        var e = fitFails(DataParallelTest.recipe(new SyntheticData(64, 1)), new DistributedTrainer.Options(3, 8, 1, 1));
        assertTrue(e.getMessage().contains("needs 3 task slots") && e.getMessage().contains("offers 2") && e.getMessage().contains("--tasks 2"), e.getMessage());
    }

    @Test
    void dataTheExecutorsCannotRead() {
        Recipe.DataFactory missing = () -> { throw new FileNotFoundException("/no/such/dir/train-images-idx3-ubyte"); };
        var r = new Recipe(() -> Models.create("lenet5", Map.of(), new SplittableRandom(1)), p -> new SGD(p, 0.1, 0, 0, false), missing, Recipe.Preprocess.identity());
        var e = fitFails(r, new DistributedTrainer.Options(2, 8, 1, 1));
        assertTrue(e.getMessage().contains("cannot be loaded on the executors") && e.getMessage().contains("/no/such/dir/train-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    void lessDataThanOneGlobalBatch() {
        var e = fitFails(DataParallelTest.recipe(new SyntheticData(10, 1)), new DistributedTrainer.Options(2, 8, 1, 1));
        assertTrue(e.getMessage().contains("10 images, fewer than one global batch of 16"), e.getMessage());
    }
}

package org.fovea.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.fovea.autograd.Variable;
import org.fovea.data.Dataset;
import org.fovea.nn.Module;
import org.fovea.optim.Optimizer;
import org.fovea.tensor.Tensor;

/**
 * How every task builds its replica: the model, its optimiser, the training data and the preprocessing.
 * Each part is shipped to the executors (Java serialisation) and called there, so it must rebuild the same
 * thing on every machine: a model from its name and configuration (its initial weights come from the
 * driver), data from a path every executor can read.
 */
public record Recipe(ModelFactory model, OptimizerFactory optimizer, DataFactory data, Preprocess preprocess) implements Serializable {
    public Recipe {
        if (model == null || optimizer == null || data == null || preprocess == null) throw new IllegalArgumentException("Recipe: model, optimizer, data and preprocess are all required");
    }

    /** Builds the model (weights are replaced by the driver's). */
    @FunctionalInterface
    public interface ModelFactory extends Serializable {
        Module create();

        /** A model of the zoo ({@link org.fovea.zoo.Models}) by name and configuration, initialised from seed. */
        static ModelFactory zoo(String name, java.util.Map<String, ?> config, long seed) {
            var copy = new java.util.HashMap<String, Object>(config);
            return () -> org.fovea.zoo.Models.create(name, copy, new java.util.SplittableRandom(seed));
        }
    }

    /** Builds the optimiser over the model's parameters. */
    @FunctionalInterface
    public interface OptimizerFactory extends Serializable {
        Optimizer create(List<Variable> parameters);
    }

    /**
     * Loads the training data on an executor. {@link #cacheKey} non-null keeps the loaded data in the
     * executor JVM for the next epochs (a record's {@code toString()} is a good key).
     */
    @FunctionalInterface
    public interface DataFactory extends Serializable {
        Dataset load() throws IOException;

        default String cacheKey() { return null; }
    }

    /** Maps a batch (N, C, H, W) before the model, e.g. normalisation. */
    @FunctionalInterface
    public interface Preprocess extends Serializable {
        Tensor apply(Tensor batch);

        static Preprocess identity() { return x -> x; }

        /** (x − mean) / std as in training; null for none. */
        static Preprocess normalize(org.fovea.data.Normalization n) {
            if (n == null) return identity();
            int[] shape = n.shape();
            float[] mean = n.mean(), std = n.std();
            return x -> new org.fovea.data.Normalization(shape, mean, std).apply(x);
        }
    }
}

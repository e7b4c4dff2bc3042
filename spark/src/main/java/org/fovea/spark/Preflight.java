package org.fovea.spark;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.fovea.data.Dataset;

/**
 * Checks made before any training, so that a mistake is one clear message instead of a barrier stage that
 * waits for slots that never come, or N tasks failing deep inside a data reader: the cluster must offer
 * one task slot per replica at once, and every executor must be able to load the training data.
 */
final class Preflight {
    private Preflight() {}

    static void check(JavaSparkContext sc, Recipe recipe, DistributedTrainer.Options options) {
        int cpusPerTask = sc.getConf().getInt("spark.task.cpus", 1);
        int slots = sc.defaultParallelism() / cpusPerTask;
        if (slots < options.tasks()) {
            throw new IllegalStateException("data-parallel training needs " + options.tasks() + " task slots at once (a barrier stage runs all its tasks together), but "
                    + sc.master() + " offers " + slots + " (" + sc.defaultParallelism() + " cores, " + cpusPerTask + " per task); use --tasks " + Math.max(slots, 1)
                    + " or a larger cluster");
        }
        List<String> problems = sc.parallelize(IntStream.range(0, options.tasks()).boxed().toList(), options.tasks())
                .map(i -> probe(recipe, options))
                .filter(p -> !p.isEmpty())
                .collect();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the training data cannot be loaded on the executors: " + String.join("; ", problems.stream().distinct().toList()));
        }
    }

    /** Empty if this executor can load the data, else what went wrong and where. */
    private static String probe(Recipe recipe, DistributedTrainer.Options options) {
        String where = org.apache.spark.SparkEnv.get().executorId();
        try {
            Dataset d = EpochTask.load(recipe.data());
            int global = options.tasks() * options.batchPerTask();
            if (d.size() < global) return "executor " + where + ": the training data has " + d.size() + " images, fewer than one global batch of " + global;
            return "";
        } catch (Exception | LinkageError e) {
            return "executor " + where + ": " + e;
        }
    }
}

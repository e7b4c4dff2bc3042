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
    static final long REGISTRATION_MS = 60_000;

    private Preflight() {}

    /** Returns the size of the training set (as the executors see it). */
    static int check(JavaSparkContext sc, Recipe recipe, DistributedTrainer.Options options) {
        int cpusPerTask = sc.getConf().getInt("spark.task.cpus", 1);
        int slots = sc.defaultParallelism() / cpusPerTask;
        // A cluster's executors register over the first seconds; give them up to REGISTRATION_MS to appear.
        long deadline = System.currentTimeMillis() + REGISTRATION_MS;
        while (slots < options.tasks() && !sc.master().startsWith("local[") && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            slots = sc.defaultParallelism() / cpusPerTask;
        }
        if (slots < options.tasks()) {
            throw new IllegalStateException("data-parallel training needs " + options.tasks() + " task slots at once (a barrier stage runs all its tasks together), but "
                    + sc.master() + " offers " + slots + " (" + sc.defaultParallelism() + " cores, " + cpusPerTask + " per task); use --tasks " + Math.max(slots, 1)
                    + " or a larger cluster");
        }
        List<String> answers = sc.parallelize(IntStream.range(0, options.tasks()).boxed().toList(), options.tasks())
                .map(i -> probe(recipe, options))
                .collect();
        List<String> problems = answers.stream().filter(a -> !a.startsWith("size=")).toList();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the training data cannot be loaded on the executors: " + String.join("; ", problems.stream().distinct().toList()));
        }
        return answers.stream().mapToInt(a -> Integer.parseInt(a.substring(5))).min().orElseThrow();
    }

    /** "size=N" if this executor can load the data, else what went wrong and where. */
    private static String probe(Recipe recipe, DistributedTrainer.Options options) {
        String where = org.apache.spark.SparkEnv.get().executorId();
        try {
            Dataset d = EpochTask.load(recipe.data());
            int global = options.tasks() * options.batchPerTask();
            if (d.size() < global) return "executor " + where + ": the training data has " + d.size() + " images, fewer than one global batch of " + global;
            return "size=" + d.size();
        } catch (Exception | LinkageError e) {
            return "executor " + where + ": " + e;
        }
    }
}

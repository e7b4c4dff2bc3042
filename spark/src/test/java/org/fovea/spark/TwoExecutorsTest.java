package org.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.fovea.data.DataLoader;
import org.fovea.data.Dataset;
import org.fovea.nn.Module;
import org.fovea.optim.Optimizer;
import org.fovea.train.Trainer;
import org.fovea.train.TrainingEvent;
import org.junit.jupiter.api.Test;

/**
 * Two executor JVMs (Spark's local-cluster: a master and two workers inside the test JVM, one executor JVM
 * of one core each, all on 127.0.0.1). In epoch 2 the executor running task 1 kills itself; the barrier stage
 * fails, Spark relaunches both tasks of the epoch on the survivor and the replacement executor, and they
 * start again from the state of epoch 1. The result must still equal one process with the combined batch.
 */
class TwoExecutorsTest {
    /** The training data; in the executor that runs task 1 of epoch 2 (once), it kills the JVM instead. */
    record KillingData(String armed, String killed) implements Recipe.DataFactory {
        @Override
        public Dataset load() throws IOException {
            TaskContext ctx = TaskContext.get();
            if (ctx != null && ctx.partitionId() == 1 && Files.exists(Path.of(armed)) && !Files.exists(Path.of(killed))) {
                Files.writeString(Path.of(killed), "executor " + org.apache.spark.SparkEnv.get().executorId());
                Runtime.getRuntime().halt(137);
            }
            return new SyntheticData(64, 3).load();
        }
    }

    @Test
    void aKilledExecutorRetriesTheEpochFromTheLastCheckpoint() throws Exception {
        Path home = Files.createDirectories(Path.of("target/spark-home/jars"));
        Files.writeString(home.getParent().resolve("RELEASE"), "Spark for Fovea's tests: executors take the test classpath\n");
        Path marks = Files.createTempDirectory(Path.of("target"), "kill");
        var data = new KillingData(marks.resolve("armed").toAbsolutePath().toString(), marks.resolve("killed").toAbsolutePath().toString());
        var reference = DataParallelTest.recipe(new SyntheticData(64, 3));
        Recipe recipe = new Recipe(reference.model(), reference.optimizer(), data, reference.preprocess());

        Module expected = reference.model().create();
        Optimizer expectedOptimizer = reference.optimizer().create(expected.parameters());
        new Trainer(expected, expectedOptimizer, null, x -> x, new Trainer.Options(3, 0, 0))
                .fit(new DataLoader(new SyntheticData(64, 3).load(), 16, DataParallelTest.SEED, DataLoader.Options.training()), null, 0);

        SparkConf conf = new SparkConf()
                .setMaster("local-cluster[2,1,1024]")
                .setAppName("fovea-two-executors")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executor.extraJavaOptions", System.getProperty("fovea.spark.executor.options", ""))
                .set("spark.executor.memory", "768m")
                .set("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "2s")
                .set("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1");
        LocalSpark.stop();                                  // one SparkContext per JVM
        long start = System.nanoTime();
        try (var sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            Module model = recipe.model().create();
            Optimizer optimizer = recipe.optimizer().create(model.parameters());
            var trainer = new DistributedTrainer(sc, recipe, new DistributedTrainer.Options(2, 8, 3, DataParallelTest.SEED, 0, RingAllReduce.DEFAULT_BUCKET, 60_000, 1));
            List<TrainingEvent.EpochFinished> history = trainer.fit(model, optimizer, null, null, 0, (result, step) -> {
                if (result.epoch() == 1) Files.writeString(Path.of(data.armed()), "epoch 1 checkpointed at step " + step);
            });
            assertEquals(3, history.size());
            assertTrue(Files.exists(Path.of(data.killed())), "the executor was never killed");
            double diff = DataParallelTest.maxDifference(expected.stateDict(), model.stateDict());
            System.out.printf("two executor JVMs, one killed in epoch 2: max |w - w_1process| = %.3g after %d steps, %.1f s%n",
                    diff, trainer.globalStep(), (System.nanoTime() - start) / 1e9);
            assertTrue(diff < 1e-5, "parameters differ by " + diff);
            assertEquals(12, trainer.globalStep());
        }
    }
}

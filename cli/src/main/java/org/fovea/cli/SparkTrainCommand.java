package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.fovea.data.Dataset;
import org.fovea.data.Normalization;
import org.fovea.io.Checkpoint;
import org.fovea.nn.Module;
import org.fovea.optim.Optimizer;
import org.fovea.optim.schedule.LrScheduler;
import org.fovea.spark.DistributedTrainer;
import org.fovea.spark.NamedData;
import org.fovea.spark.Recipe;
import org.fovea.spark.RingAllReduce;
import org.fovea.train.TrainingEvent;
import org.fovea.zoo.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea spark train}: synchronous data-parallel training on N Spark tasks (one barrier stage per
 * epoch, gradients averaged every step by a ring all-reduce). The driver validates, steps the schedule
 * and writes the same run directory and checkpoints as {@code fovea train}, so {@code fovea eval},
 * {@code predict} and {@code train --resume} read them. The global batch is tasks × --batch.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Data-parallel training on Spark tasks (ring all-reduce of the gradients).")
final class SparkTrainCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin RecipeOptions recipeOptions;
    @Option(names = "--model", description = "Model (default ${DEFAULT-VALUE}).", defaultValue = "lenet5") String model;
    @Option(names = "--data", description = "Data set name or path, readable on every executor (default ${DEFAULT-VALUE}).", defaultValue = "fashion-mnist") String data;
    @Option(names = "--data-dir", description = "Directory holding the data set's files (on every executor).") Path dataDir;
    @Option(names = "--tasks", description = "Replicas, one task slot each, all at once (default ${DEFAULT-VALUE}).", defaultValue = "2") int tasks;
    @Option(names = "--batch", description = "Mini-batch per task (default: the model's batch / tasks); the global batch is tasks × this.") Integer batch;
    @Option(names = "--val-split", description = "Validation fraction, evaluated on the driver (default ${DEFAULT-VALUE}).", defaultValue = "0.1") double valSplit;
    @Option(names = "--limit", description = "Train on the first N training images only.") Integer limit;
    @Option(names = "--clip-norm", description = "Clip the averaged gradients to this global norm (0 = off).", defaultValue = "0") double clipNorm;
    @Option(names = "--threads", description = "Compute threads per task (default: cores / tasks on a local master, else spark.task.cpus).") Integer threads;
    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[TASKS]).") String master;
    @Option(names = "--out", description = "Run directory (default runs/MODEL-TIMESTAMP).") Path out;
    @Option(names = "--force", description = "Overwrite a run directory that already holds a run.") boolean force;
    @Option(names = "--resume", description = "Continue from this checkpoint (of fovea spark train or fovea train).") Path resume;

    @Override
    public Integer call() throws IOException {
        Checkpoint from = resume == null ? null : Checkpoint.load(resume);
        Map<String, Object> recipe = recipe(from);
        String modelName = (String) recipe.get("model");
        long seed = ((Number) recipe.get("seed")).longValue();
        int global = ((Number) recipe.get("batch")).intValue();
        int perTask = batch != null ? batch : global / tasks;
        if (perTask < 1 || (batch == null && global % tasks != 0)) {
            throw new IllegalArgumentException("the global batch " + global + " does not split into " + tasks + " tasks; give --batch (per task)");
        }
        recipe.put("batch", perTask * tasks);
        recipe.put("tasks", tasks);
        int cores = SparkSessions.localCores(master);
        if (cores > 0 && cores < tasks) {
            throw new IllegalArgumentException("--tasks " + tasks + " needs " + tasks + " task slots at once, but --master " + master + " has " + cores + " cores");
        }
        String dir = recipe.get("data_dir") == null ? null : (String) recipe.get("data_dir");
        var named = new NamedData((String) recipe.get("data"), dir, recipe.get("limit") == null ? 0 : ((Number) recipe.get("limit")).intValue(),
                ((Number) recipe.get("val_split")).doubleValue(), seed);
        Dataset train = named.load();                       // the driver checks the data before Spark starts
        Dataset validation = named.validation();
        Normalization norm = from == null ? Normalization.perChannel(train) : Normalization.fromMap(TrainCommand.castMap(from.metadata().get(Checkpoint.NORMALIZATION)));
        int[] shape = train.imageShape();
        Map<String, Object> config = new LinkedHashMap<>(Map.of("channels", shape[0], "size", shape[1], "classes", train.classes().size()));
        if (from != null) config = new LinkedHashMap<>(TrainCommand.castMap(from.metadata().get(Checkpoint.MODEL_CONFIG)));
        String optName = (String) recipe.get("optimizer");
        double lrValue = RecipeOptions.num(recipe, "lr"), mom = RecipeOptions.num(recipe, "momentum"), wd = RecipeOptions.num(recipe, "weight_decay");
        Recipe parts = new Recipe(Recipe.ModelFactory.zoo(modelName, config, seed),
                params -> Recipes.optimizer(optName, params, lrValue, mom, wd), named, Recipe.Preprocess.normalize(norm));
        Module net = parts.model().create();
        Optimizer opt = parts.optimizer().create(net.parameters());
        int totalEpochs = ((Number) recipe.get("epochs")).intValue();
        LrScheduler sched = Recipes.schedule((String) recipe.get("schedule"), opt, totalEpochs);
        int firstEpoch = 0;
        long firstStep = 0;
        if (from != null) {
            net.loadStateDict(from.model());
            opt.loadStateDict(RecipeOptions.prefixed(from.optimizer(), "opt."));
            if (sched != null) sched.loadStateDict(RecipeOptions.prefixed(from.optimizer(), "sched."));
            firstEpoch = ((Number) from.metadata().get(Checkpoint.EPOCH)).intValue();
            firstStep = ((Number) from.metadata().get(Checkpoint.STEP)).longValue();
            System.err.printf("resuming %s at epoch %d of %d%n", resume, firstEpoch + 1, totalEpochs);
        }
        RunDirectory run = RunDirectory.open(out != null ? out : resume != null ? resume.toAbsolutePath().getParent() : null, modelName, force, resume != null);
        run.writeCommand(spec.commandLine().getParseResult().originalArgs().toArray(new String[0]));
        run.keepEarlierEpochs(firstEpoch);
        System.err.println("run directory: " + run.path());

        SparkSession spark = SparkSessions.session(master, tasks, "fovea spark train " + modelName);
        try {
            int perTaskThreads = threads != null ? threads : spark.sparkContext().master().startsWith("local")
                    ? Math.max(1, Runtime.getRuntime().availableProcessors() / tasks) : spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
            var options = new DistributedTrainer.Options(tasks, perTask, totalEpochs, seed, clipNorm, RingAllReduce.DEFAULT_BUCKET, 300_000, perTaskThreads);
            var trainer = new DistributedTrainer(JavaSparkContext.fromSparkContext(spark.sparkContext()), parts, options);
            trainer.setGlobalStep(firstStep);
            trainer.addListener(new ProgressReporter(common.json, System.out));
            double[] best = {from == null ? Double.NEGATIVE_INFINITY : RecipeOptions.num(from.metadata(), "best_val_acc")};
            Map<String, Object> config0 = config;
            long start = System.nanoTime();
            List<TrainingEvent.EpochFinished> history;
            try {
                history = trainer.fit(net, opt, sched, validation, firstEpoch, (e, step) -> {
                    run.record(e);
                    double acc = e.validation() == null ? e.trainAccuracy() : e.validation().top1();
                    if (acc > best[0]) best[0] = acc;
                    Checkpoint ckpt = TrainCommand.checkpoint(net, opt, sched, recipe, config0, norm, train, e.epoch(), step, best[0]);
                    ckpt.save(run.last());
                    if (acc >= best[0]) ckpt.save(run.best());
                });
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);     // a preflight finding: one clear line
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            run.plot();
            var stats = trainer.stats();
            double ringSeconds = stats.stream().mapToDouble(DistributedTrainer.EpochStats::allReduceSeconds).sum();
            long steps = stats.stream().mapToLong(s -> s.stepLosses().length).sum();
            // Steps per second inside the training loop: the median over epochs after the first (JIT warm-up).
            double[] rates = stats.stream().skip(stats.size() > 1 ? 1 : 0).mapToDouble(DistributedTrainer.EpochStats::stepsPerSecond).sorted().toArray();
            double stepsPerSecond = rates.length == 0 ? Double.NaN : rates[rates.length / 2];
            // What an epoch costs besides its steps: stage start, address exchange, state round trip, validation.
            double[] overheads = stats.stream().mapToDouble(st -> st.seconds() - st.trainSeconds()).sorted().toArray();
            double overhead = overheads.length == 0 ? Double.NaN : overheads[overheads.length / 2];
            TrainingEvent.EpochFinished last = history.isEmpty() ? null : history.getLast();
            if (common.json) {
                Json.print(System.out, Json.object("name", "spark_train", "model", modelName, "data", named.name(), "tasks", tasks,
                        "global_batch", perTask * tasks, "epoch", last == null ? firstEpoch : last.epoch(),
                        "train_loss", last == null ? null : last.trainLoss(), "train_acc", last == null ? null : last.trainAccuracy(),
                        "val_acc", last == null || last.validation() == null ? null : last.validation().top1(),
                        "images_per_s", last == null ? null : last.imagesPerSecond(), "seconds", seconds,
                        "allreduce_ms_per_step", steps == 0 ? null : 1e3 * ringSeconds / steps, "steps_per_s", stepsPerSecond, "epoch_overhead_s", overhead,
                        "run", run.path().toString()));
            } else {
                System.out.printf(Locale.ROOT, "%d epochs on %d tasks (global batch %d) in %.1f s; %.1f steps/s in the loop, all-reduce %.1f ms per step; run in %s%n",
                        history.size(), tasks, perTask * tasks, seconds, stepsPerSecond, steps == 0 ? 0 : 1e3 * ringSeconds / steps, run.path());
            }
            return 0;
        } finally {
            spark.stop();
        }
    }

    private Map<String, Object> recipe(Checkpoint from) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (from != null) {
            r.putAll(TrainCommand.castMap(from.metadata().get("recipe")));
            if (recipeOptions.epochs != null) r.put("epochs", recipeOptions.epochs);
            return r;
        }
        if (!Models.NAMES.contains(model)) throw new IllegalArgumentException("unknown model '" + model + "'; known models: " + String.join(", ", Models.NAMES));
        if (dataDir != null && !Files.isDirectory(dataDir)) throw new IllegalArgumentException("--data-dir " + dataDir + " is not a readable directory");
        r.putAll(Recipes.defaults(model));
        r.put("model", model);
        r.put("data", data);
        if (dataDir != null) r.put("data_dir", dataDir.toAbsolutePath().toString());
        r.put("seed", common.seed);
        r.put("val_split", valSplit);
        if (limit != null) r.put("limit", limit);
        recipeOptions.putInto(r);
        return r;
    }



    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
}

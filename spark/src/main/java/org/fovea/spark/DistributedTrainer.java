package org.fovea.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.fovea.data.Dataset;
import org.fovea.nn.Module;
import org.fovea.optim.Optimizer;
import org.fovea.optim.schedule.LrScheduler;
import org.fovea.train.Evaluation;
import org.fovea.train.TrainingEvent;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Synchronous data-parallel training on Spark. The driver holds the model and optimiser; each epoch it
 * broadcasts their state, runs one barrier stage of N tasks ({@link EpochTask}: each a replica training on
 * its share of every global batch of N·B images, gradients averaged by a ring all-reduce every step), takes
 * the new state back from rank 0, validates, steps the learning-rate schedule and publishes the same
 * {@link TrainingEvent}s as the single-machine {@link org.fovea.train.Trainer}.
 *
 * <p>Faults: a task that fails (or whose executor dies) fails the barrier stage; Spark then relaunches all
 * N tasks of the stage (up to {@code spark.stage.maxConsecutiveAttempts} times), and they start again from
 * the state broadcast at the start of the epoch, i.e. the last checkpoint. Completed epochs are never redone.
 */
public final class DistributedTrainer {
    /**
     * tasks: replicas (each needs a task slot, all at once); batchPerTask: B, the global batch is tasks·B;
     * bucketFloats: all-reduce bucket; timeoutMs: how long a task waits for a peer; threadsPerTask: compute
     * threads of each replica (0: leave the executor's setting; tasks sharing a JVM share the setting).
     */
    public record Options(int tasks, int batchPerTask, int epochs, long seed, double clipNorm, int bucketFloats, int timeoutMs,
                          int threadsPerTask) implements Serializable {
        public Options {
            if (tasks < 1) throw new IllegalArgumentException("tasks must be >= 1, got " + tasks);
            if (batchPerTask < 1) throw new IllegalArgumentException("batch per task must be >= 1, got " + batchPerTask);
            if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            if (bucketFloats < tasks) throw new IllegalArgumentException("the all-reduce bucket must hold at least one float per task");
        }

        public Options(int tasks, int batchPerTask, int epochs, long seed) {
            this(tasks, batchPerTask, epochs, seed, 0, RingAllReduce.DEFAULT_BUCKET, 300_000, 0);
        }
    }

    /** Called on the driver after every epoch, e.g. to write a checkpoint. */
    @FunctionalInterface
    public interface EpochCallback {
        void epochDone(TrainingEvent.EpochFinished result, long globalStep) throws IOException;
    }

    /**
     * Per-epoch figures beyond the event: the mean loss of each global step, the slowest task's time in the
     * training loop (excluding stage start, the address exchange and the state's round trip), the least
     * time a task spent in the all-reduce (the others' includes waiting for slower replicas), the bytes each
     * task sent, and the epoch's wall time on the driver.
     */
    public record EpochStats(int epoch, double[] stepLosses, double trainSeconds, double allReduceSeconds, long bytesSentPerTask,
                             double seconds, List<String> hosts) {
        /** Global steps per second inside the training loop. */
        public double stepsPerSecond() { return stepLosses.length / trainSeconds; }
    }

    private final JavaSparkContext sc;
    private final Recipe recipe;
    private final Options options;
    private final List<Consumer<TrainingEvent>> listeners = new ArrayList<>();
    private final List<EpochStats> stats = new ArrayList<>();
    private long globalStep;

    public DistributedTrainer(JavaSparkContext sc, Recipe recipe, Options options) {
        this.sc = sc;
        this.recipe = recipe;
        this.options = options;
    }

    public DistributedTrainer addListener(Consumer<TrainingEvent> listener) {
        listeners.add(listener);
        return this;
    }

    public long globalStep() { return globalStep; }

    public void setGlobalStep(long step) { globalStep = step; }

    /** Figures of every epoch trained so far. */
    public List<EpochStats> stats() { return List.copyOf(stats); }

    /**
     * Trains epochs firstEpoch … epochs − 1 of the driver's model and optimiser (updated in place after
     * every epoch). scheduler, validation and afterEpoch may be null. Checks the cluster and the data first
     * ({@link Preflight}): a problem there is an IllegalStateException before any training.
     */
    public List<TrainingEvent.EpochFinished> fit(Module model, Optimizer optimizer, LrScheduler scheduler, Dataset validation,
                                                 int firstEpoch, EpochCallback afterEpoch) throws IOException {
        int steps = Preflight.check(sc, recipe, options) / (options.tasks() * options.batchPerTask());
        List<TrainingEvent.EpochFinished> history = new ArrayList<>();
        for (int e = firstEpoch; e < options.epochs(); e++) {
            publish(new TrainingEvent.EpochStarted(e + 1, options.epochs(), steps, optimizer.lr()));
            long start = System.nanoTime();
            Broadcast<byte[]> state = sc.broadcast(ReplicaState.of(model, optimizer, globalStep).toBytes());
            List<EpochTask.Result> results;
            try {
                results = runStage(state, e);
            } finally {
                state.destroy();
            }
            ReplicaState end = ReplicaState.deserialize(results.getFirst().state(), ReplicaState.class);
            end.applyTo(model, optimizer);
            globalStep = end.globalStep();
            double seconds = (System.nanoTime() - start) / 1e9;
            replaySteps(e, results, globalStep, seconds);
            TrainingEvent.EpochFinished result = summarise(e, results, model, optimizer, validation, seconds);
            history.add(result);
            if (scheduler != null) scheduler.step(result.validation() == null ? Double.NaN : result.validation().top1());
            publish(result);
            if (afterEpoch != null) afterEpoch.epochDone(result, globalStep);
        }
        publish(new TrainingEvent.Finished(history.size(), "completed " + options.epochs() + " epochs"));
        return history;
    }

    private List<EpochTask.Result> runStage(Broadcast<byte[]> state, int epoch) {
        JavaRDD<Integer> slots = sc.parallelize(IntStream.range(0, options.tasks()).boxed().toList(), options.tasks());
        ClassTag<byte[]> tag = ClassTag$.MODULE$.apply(byte[].class);
        sc.setJobDescription("fovea: epoch " + (epoch + 1) + " on " + options.tasks() + " tasks");
        RDD<byte[]> out = slots.rdd().barrier().mapPartitions(new EpochTask(recipe, state, epoch, options), false, tag);
        // NOTE: Spark never retries a failed barrier *result* stage ("Could not recover from a failed barrier
        // ResultStage"), but it reruns every task of a failed barrier *shuffle map* stage; the shuffle into one
        // partition makes the epoch such a stage, so a lost task or executor repeats the epoch.
        return out.toJavaRDD().coalesce(1, true).collect().stream()
                .map(b -> ReplicaState.deserialize(b, EpochTask.Result.class))
                .sorted(Comparator.comparingInt(EpochTask.Result::rank))
                .toList();
    }

    /**
     * The steps ran on the executors; their events (loss and accuracy averaged over the tasks: those of the
     * global batch) are published once the epoch is back, all at once, with the epoch's mean speed.
     */
    private void replaySteps(int e, List<EpochTask.Result> results, long lastStep, double seconds) {
        int steps = results.getFirst().stepLosses().length;
        double imagesPerSecond = (double) steps * options.tasks() * options.batchPerTask() / seconds;
        for (int s = 0; s < steps; s++) {
            double loss = 0, accuracy = 0;
            for (EpochTask.Result r : results) {
                loss += r.stepLosses()[s] / results.size();
                accuracy += r.stepAccuracies()[s] / results.size();
            }
            publish(new TrainingEvent.StepFinished(e + 1, s + 1, steps, lastStep - steps + s + 1, loss, accuracy, imagesPerSecond));
        }
    }

    private TrainingEvent.EpochFinished summarise(int e, List<EpochTask.Result> results, Module model, Optimizer optimizer,
                                                  Dataset validation, double seconds) {
        int steps = results.getFirst().stepLosses().length;
        double[] stepLosses = new double[steps];
        double loss = 0, accuracy = 0, ring = Double.POSITIVE_INFINITY, train = 0;
        long images = 0;
        List<String> hosts = new ArrayList<>();
        for (EpochTask.Result r : results) {
            for (int s = 0; s < steps; s++) stepLosses[s] += r.stepLosses()[s] / results.size();
            loss += r.trainLoss() * r.images();
            accuracy += r.trainAccuracy() * r.images();
            images += r.images();
            // The task that reaches each all-reduce last waits least: its time is the communication itself,
            // the others' include waiting for the slowest replica.
            ring = Math.min(ring, r.allReduceSeconds());
            train = Math.max(train, r.seconds());
            hosts.add(r.host());
        }
        stats.add(new EpochStats(e + 1, stepLosses, train, ring, results.getFirst().bytesSent(), seconds, hosts));
        Evaluation val = validation == null ? null : Evaluation.of(model, validation, 256, recipe.preprocess()::apply);
        return new TrainingEvent.EpochFinished(e + 1, loss / images, accuracy / images, val, optimizer.lr(), images / seconds,
                seconds, 0, Map.of());
    }

    private void publish(TrainingEvent event) {
        for (Consumer<TrainingEvent> l : listeners) l.accept(event);
    }
}

package org.fovea.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.fovea.data.DataLoader;
import org.fovea.data.Dataset;
import org.fovea.data.Transform;
import org.fovea.kernel.Parallel;
import org.fovea.nn.Module;
import org.fovea.optim.Optimizer;
import org.fovea.train.Trainer;
import org.fovea.train.TrainingEvent;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * One epoch on one replica, run as a task of a barrier stage: all N tasks start together, exchange
 * "host:port" once through {@link BarrierTaskContext#allGather} (which costs about a second, so it is never
 * used per step), connect into a ring, then train the epoch with the ordinary {@link Trainer} whose gradient
 * hook averages the gradients over the ring. Rank 0 returns the new state; every rank returns its figures.
 */
final class EpochTask extends AbstractFunction1<Iterator<Integer>, Iterator<byte[]>> implements Serializable {
    /** Data loaded by earlier epochs in this executor JVM, by {@link Recipe.DataFactory#cacheKey()}. */
    private static final Map<String, Dataset> DATA = new ConcurrentHashMap<>();

    /** What one task reports back (Java-serialised to bytes, like the state). */
    record Result(int rank, double[] stepLosses, double[] stepAccuracies, double trainLoss, double trainAccuracy, long images, double seconds,
                  double allReduceSeconds, long bytesSent, String host, byte[] state) implements Serializable {}

    private final Recipe recipe;
    private final Broadcast<byte[]> state;
    private final int epoch;
    private final DistributedTrainer.Options options;

    EpochTask(Recipe recipe, Broadcast<byte[]> state, int epoch, DistributedTrainer.Options options) {
        this.recipe = recipe;
        this.state = state;
        this.epoch = epoch;
        this.options = options;
    }

    static Dataset load(Recipe.DataFactory factory) throws IOException {
        String key = factory.cacheKey();
        if (key == null) return factory.load();
        Dataset cached = DATA.get(key);
        if (cached != null) return cached;
        Dataset loaded = factory.load();
        DATA.put(key, loaded);
        return loaded;
    }

    @Override
    public Iterator<byte[]> apply(Iterator<Integer> ignored) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        int rank = ctx.partitionId();
        int tasks = ctx.getTaskInfos().length;
        String address = ctx.getTaskInfos()[rank].address();
        String host = address.contains(":") ? address.substring(0, address.lastIndexOf(':')) : address;
        try (ServerSocket server = new ServerSocket(0, 16, InetAddress.getByName(host))) {
            String[] peers = ctx.allGather(host + ":" + server.getLocalPort());
            long token = ((long) ctx.stageId() << 20) ^ ctx.stageAttemptNumber();
            try (RingAllReduce ring = RingAllReduce.connect(rank, Arrays.asList(peers), server, token, options.bucketFloats(), options.timeoutMs())) {
                return scala.collection.Iterator$.MODULE$.single(train(rank, tasks, ring, host));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("epoch " + (epoch + 1) + ", task " + rank + " on " + host + ": " + e.getMessage(), e);
        }
    }

    private byte[] train(int rank, int tasks, RingAllReduce ring, String host) throws IOException {
        if (options.threadsPerTask() > 0 && Parallel.threads() != options.threadsPerTask()) Parallel.setThreads(options.threadsPerTask());
        Dataset data = load(recipe.data());
        Module model = recipe.model().create();
        Optimizer optimizer = recipe.optimizer().create(model.parameters());
        ReplicaState start = ReplicaState.deserialize(state.value(), ReplicaState.class);
        start.applyTo(model, optimizer);
        int global = tasks * options.batchPerTask();
        int[] order = new DataLoader(data, global, options.seed(), DataLoader.Options.training()).order(epoch);
        var shard = new ShardedDataset(data, order, rank, tasks, options.batchPerTask());
        var loader = new DataLoader(shard, options.batchPerTask(), options.seed(), new DataLoader.Options(false, true, Transform.IDENTITY, 2));
        Recipe.Preprocess preprocess = recipe.preprocess();
        var trainer = new Trainer(model, optimizer, null, preprocess::apply, new Trainer.Options(epoch + 1, options.clipNorm(), 0));
        trainer.setGlobalStep(start.globalStep());
        trainer.setGradientHook(new GradientAverager(ring));
        List<Double> losses = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        trainer.addListener(event -> {
            if (event instanceof TrainingEvent.StepFinished s) {
                losses.add(s.loss());
                accuracies.add(s.accuracy());
            }
        });
        long t0 = System.nanoTime();
        TrainingEvent.EpochFinished done = trainer.fit(loader, null, epoch).getFirst();
        double seconds = (System.nanoTime() - t0) / 1e9;
        byte[] end = rank == 0 ? ReplicaState.of(model, optimizer, trainer.globalStep()).toBytes() : null;
        return ReplicaState.serialize(new Result(rank, losses.stream().mapToDouble(Double::doubleValue).toArray(),
                accuracies.stream().mapToDouble(Double::doubleValue).toArray(), done.trainLoss(),
                done.trainAccuracy(), shard.size(), seconds, ring.seconds(), ring.bytesSent(), host, end));
    }
}

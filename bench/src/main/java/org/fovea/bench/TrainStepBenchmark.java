package org.fovea.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.optim.SGD;
import org.fovea.tensor.Tensor;
import org.fovea.train.ShardedStep;
import org.fovea.zoo.LeNet5;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One LeNet-5 training step as the trainer runs it: zeroGrad, forward, softmax cross-entropy and backward (the
 * batch split over the threads by {@link ShardedStep}, as Trainer does), and an SGD step (lr 0.01, momentum 0.9, no weight decay) on a fixed random batch of 64 images (1, 28, 28)
 * with random labels of 10 classes. The weights change every op, as in training.
 *
 * <p>Score in steps/s (ops/s); the secondary result {@code step:images} is images/s = 64 × steps/s.
 * {@code threads} sets Fovea's pool (0 = one thread per core). Add {@code -prof gc} for allocation and GC.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class TrainStepBenchmark {
    static final int BATCH = 64;

    @Param("0")
    public int threads;

    private LeNet5 model;
    private SGD optimizer;
    private final CrossEntropyLoss loss = new CrossEntropyLoss();
    private Tensor images;
    private int[] labels;

    @Setup
    public void setUp() {
        Fixtures.threads(threads);
        SplittableRandom rng = new SplittableRandom(Fixtures.SEED);
        model = new LeNet5(1, 28, 10, rng);
        optimizer = new SGD(model.parameters(), 0.01, 0.9, 0, false);
        images = Tensor.rand(rng, BATCH, 1, 28, 28);
        labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) labels[i] = rng.nextInt(10);
    }

    /** Returns the loss before the step. */
    @Benchmark
    public double step(ImageCounter counter) {
        optimizer.zeroGrad();
        double l = ShardedStep.run(model, loss, images, labels).loss();
        optimizer.step();
        counter.images += BATCH;
        return l;
    }
}

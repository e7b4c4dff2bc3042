package org.fovea.bench;

import java.util.concurrent.TimeUnit;
import org.fovea.data.Batch;
import org.fovea.data.DataLoader;
import org.fovea.data.DataSets;
import org.fovea.data.Dataset;
import org.fovea.data.TransformSpec;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The input pipeline on one thread: one op is the next batch of 64 Fashion-MNIST training images (1, 28, 28)
 * from a {@link DataLoader} with a shuffle, {@code augment} (default "flip,crop=4": HorizontalFlip(0.5) then
 * RandomCrop(28, 28, padding 4), as the command line's {@code --augment}) and no prefetching, so loading,
 * scaling to [0, 1] and augmentation all run on the benchmark thread. A new epoch starts when one ends.
 *
 * <p>The secondary result {@code next:images} is images/s (64 × ops/s, the last, short batch of an epoch
 * counted at its size); the target is at least 50,000 images/s on one core. {@code data} is any name of
 * {@link DataSets#resolve}: "fashion-mnist-embedded" (default, 10,000 images, always available) or
 * "fashion-mnist" (the full set when installed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class LoaderBenchmark {
    static final int BATCH = 64;

    @Param("fashion-mnist-embedded")
    public String data;

    @Param("flip,crop=4")
    public String augment;

    private DataLoader loader;
    private DataLoader.Epoch epoch;
    private int epochs;

    @Setup
    public void setUp() {
        Dataset train = DataSets.resolve(data, null).train();
        DataLoader.Options options = new DataLoader.Options(true, false, TransformSpec.parse(augment, train.imageShape(), null), 0);
        loader = new DataLoader(train, BATCH, Fixtures.SEED, options);
        epoch = loader.epoch(epochs);
    }

    @Benchmark
    public Batch next(ImageCounter counter) {
        if (!epoch.hasNext()) {
            epoch.close();
            epoch = loader.epoch(++epochs);
        }
        Batch b = epoch.next();
        counter.images += b.size();
        return b;
    }

    @TearDown
    public void tearDown() {
        epoch.close();
    }
}

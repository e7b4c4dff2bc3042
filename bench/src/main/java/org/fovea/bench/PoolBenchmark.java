package org.fovea.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.fovea.kernel.Pool2d;
import org.fovea.kernel.PoolGeometry;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * 2×2 stride-2 max pooling: {@code forward} is one {@code Pool2d.maxPool2dForward} (output and argmax),
 * {@code backward} one {@code Pool2d.maxPool2dBackward} (dX from dOut through the argmax of the forward
 * pass, computed once in setup).
 *
 * <p>Shapes ({@code shape} = "NxCxHxW", the input): LeNet-5's two pools on a batch of 64,
 * (64, 6, 28, 28) → (64, 6, 14, 14) and (64, 16, 10, 10) → (64, 16, 5, 5). Score in ops/s; multiply by
 * N = 64 for images/s. {@code threads} sets Fovea's pool (0 = one thread per core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class PoolBenchmark {
    @Param({"64x6x28x28", "64x16x10x10"})
    public String shape;

    @Param("0")
    public int threads;

    private PoolGeometry g;
    private float[] x;
    private float[] out;
    private int[] argmax;
    private float[] dOut;
    private float[] dX;

    @Setup
    public void setUp() {
        Fixtures.threads(threads);
        int[] d = Fixtures.dims(shape, 4);
        g = PoolGeometry.of(d[0], d[1], d[2], d[3], 2, 2);
        SplittableRandom rng = new SplittableRandom(Fixtures.SEED);
        x = Fixtures.uniform(g.inputSize(), rng);
        out = new float[g.outputSize()];
        argmax = new int[g.outputSize()];
        dOut = Fixtures.uniform(g.outputSize(), rng);
        dX = new float[g.inputSize()];
        Pool2d.maxPool2dForward(g, x, out, argmax);
    }

    @Benchmark
    public void forward(Blackhole bh) {
        Pool2d.maxPool2dForward(g, x, out, argmax);
        bh.consume(out);
        bh.consume(argmax);
    }

    @Benchmark
    public float[] backward() {
        Pool2d.maxPool2dBackward(g, dOut, argmax, dX);
        return dX;
    }
}

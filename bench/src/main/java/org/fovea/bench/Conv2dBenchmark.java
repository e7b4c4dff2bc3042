package org.fovea.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.fovea.kernel.Conv2d;
import org.fovea.kernel.ConvGeometry;
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
 * Convolution kernels (im2col + SGEMM): {@code forward} is one {@code Conv2d.conv2dForward} with bias,
 * {@code backward} one {@code Conv2d.conv2dBackward} computing dX, dWeight and dBias.
 *
 * <p>Layers ({@code layer}), input (N, C, H, W) → output (N, K, outH, outW):
 * <ul>
 * <li>{@code lenet-conv1}: (64, 1, 28, 28), 6 filters 5×5 pad 2 → (64, 6, 28, 28);
 * <li>{@code lenet-conv2}: (64, 6, 14, 14), 16 filters 5×5 → (64, 16, 10, 10);
 * <li>{@code resnet20-conv16}: (128, 16, 32, 32), 16 filters 3×3 pad 1 → (128, 16, 32, 32).
 * </ul>
 * The primary score is ops/s. The secondary result {@code :gflops} counts 2·MACs per forward op and 4·MACs
 * per backward op (dX and dWeight each cost one forward's MACs), MACs = N·K·outH·outW·C·R·S.
 * {@code threads} sets Fovea's pool (0 = one thread per core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class Conv2dBenchmark {
    @Param({"lenet-conv1", "lenet-conv2", "resnet20-conv16"})
    public String layer;

    @Param("0")
    public int threads;

    private ConvGeometry g;
    private float[] x;
    private float[] weight;
    private float[] bias;
    private float[] out;
    private float[] dOut;
    private float[] dX;
    private float[] dWeight;
    private float[] dBias;

    /** The geometry of a named layer. */
    static ConvGeometry geometry(String layer) {
        return switch (layer) {
            case "lenet-conv1" -> ConvGeometry.of(64, 1, 28, 28, 6, 5, 5, 1, 2);
            case "lenet-conv2" -> ConvGeometry.of(64, 6, 14, 14, 16, 5, 5, 1, 0);
            case "resnet20-conv16" -> ConvGeometry.of(128, 16, 32, 32, 16, 3, 3, 1, 1);
            default -> throw new IllegalArgumentException("unknown layer \"" + layer + "\"");
        };
    }

    @Setup
    public void setUp() {
        Fixtures.threads(threads);
        g = geometry(layer);
        SplittableRandom rng = new SplittableRandom(Fixtures.SEED);
        x = Fixtures.uniform(g.inputSize(), rng);
        weight = Fixtures.uniform(g.weightSize(), rng);
        bias = Fixtures.uniform(g.k(), rng);
        out = new float[g.outputSize()];
        dOut = Fixtures.uniform(g.outputSize(), rng);
        dX = new float[g.inputSize()];
        dWeight = new float[g.weightSize()];
        dBias = new float[g.k()];
    }

    @Benchmark
    public float[] forward(FlopCounter flops) {
        Conv2d.conv2dForward(g, x, weight, bias, out);
        flops.gflops += 2.0 * g.macs() / 1e9;
        return out;
    }

    /** dWeight and dBias accumulate across ops, as gradients do between two zeroGrad calls. */
    @Benchmark
    public void backward(FlopCounter flops, Blackhole bh) {
        Conv2d.conv2dBackward(g, x, weight, dOut, dX, dWeight, dBias);
        flops.gflops += 4.0 * g.macs() / 1e9;
        bh.consume(dX);
        bh.consume(dWeight);
        bh.consume(dBias);
    }
}

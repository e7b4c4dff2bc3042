package org.fovea.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.fovea.kernel.Sgemm;
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
 * SGEMM throughput: one op is {@code Sgemm.sgemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, 0, c, 0, n)},
 * C (m, n) = A (m, k) · B (k, n), row-major, uniform random inputs.
 *
 * <p>Shapes ({@code shape} = "MxNxK"): the square 256³ and 1024³; 64×50176×576 (a 3×3 convolution with 64
 * input and output channels on 16 images of 56×56 as im2col + GEMM); 6×50176×25 and 16×6400×150 (LeNet-5's
 * conv1 and conv2 on a batch of 64, as im2col + GEMM); 64×500×800 and 128×10×800 (fully connected layers:
 * batch 64 into 500 units, batch 128 into 10 classes).
 *
 * <p>The primary score is ops/s; one op does 2·M·N·K floating-point operations, so GFLOP/s =
 * score · 2·M·N·K / 10⁹. The secondary result {@code sgemm:gflops} is that figure, computed by JMH.
 * {@code threads} sets Fovea's pool (0 = one thread per core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class SgemmBenchmark {
    @Param({"256x256x256", "1024x1024x1024", "64x50176x576", "6x50176x25", "16x6400x150", "64x500x800", "128x10x800"})
    public String shape;

    @Param("0")
    public int threads;

    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;
    private double gflopPerOp;

    @Setup
    public void setUp() {
        Fixtures.threads(threads);
        int[] d = Fixtures.dims(shape, 3);
        m = d[0];
        n = d[1];
        k = d[2];
        SplittableRandom rng = new SplittableRandom(Fixtures.SEED);
        a = Fixtures.uniform(m * k, rng);
        b = Fixtures.uniform(k * n, rng);
        c = new float[m * n];
        gflopPerOp = 2.0 * m * n * k / 1e9;
    }

    /** Returns C so the product cannot be eliminated. */
    @Benchmark
    public float[] sgemm(FlopCounter flops) {
        Sgemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        flops.gflops += gflopPerOp;
        return c;
    }
}

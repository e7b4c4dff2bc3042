package org.fovea.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.fovea.kernel.Conv2d;
import org.fovea.kernel.ConvGeometry;
import org.fovea.kernel.Parallel;
import org.fovea.kernel.Sgemm;
import org.fovea.train.WarmUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea bench kernels}: the machine's fp32 FMA peak first (independent vector FMAs on every thread),
 * then SGEMM GFLOP/s and fraction of that peak for square, im2col- and FC-shaped products, then forward +
 * backward time of every distinct convolution of ResNet-20 (CIFAR, batch 128) and LeNet-5 (batch 64).
 * With --vs-pytorch the same shapes run through PyTorch in the same invocation (ratio = PyTorch time ÷ Fovea time).
 */
@Command(name = "kernels", mixinStandardHelpOptions = true, description = "Kernel GFLOP/s against the FMA peak, optionally against PyTorch.")
final class BenchKernelsCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--threads", description = "Threads (default: all cores).") Integer threads;
    @Option(names = "--vs-pytorch", description = "Time the same shapes in PyTorch in the same run and print ratios.") boolean vsPytorch;
    @Option(names = "--only", description = "Only shapes whose name contains this text.") String only;

    record Gemm(String name, int m, int n, int k) {}

    /** A convolution as trained: inputGrad false for a network's first layer. */
    record Conv(String name, int n, int c, int h, int w, int k, int r, int stride, int pad, boolean inputGrad) {
        ConvGeometry geometry() { return new ConvGeometry(n, c, h, w, k, r, r, stride, stride, pad, pad, 1, 1, 1); }
    }

    static final List<Gemm> GEMMS = List.of(
            new Gemm("sgemm 256^3", 256, 256, 256), new Gemm("sgemm 1024^3", 1024, 1024, 1024), new Gemm("sgemm 2048^3", 2048, 2048, 2048),
            new Gemm("im2col 64x50176x576", 64, 50176, 576), new Gemm("im2col 128x12544x1152", 128, 12544, 1152),
            new Gemm("im2col 256x3136x2304", 256, 3136, 2304), new Gemm("im2col 6x50176x25", 6, 50176, 25),
            new Gemm("im2col 16x6400x150", 16, 6400, 150), new Gemm("fc 64x4096x9216", 64, 4096, 9216),
            new Gemm("fc 128x10x800", 128, 10, 800), new Gemm("fc 64x500x800", 64, 500, 800));

    static final List<Conv> CONVS = List.of(
            new Conv("resnet20 conv 3->16 32x32", 128, 3, 32, 32, 16, 3, 1, 1, false),
            new Conv("resnet20 conv 16->16 32x32", 128, 16, 32, 32, 16, 3, 1, 1, true),
            new Conv("resnet20 conv 16->32 s2 32x32", 128, 16, 32, 32, 32, 3, 2, 1, true),
            new Conv("resnet20 conv 32->32 16x16", 128, 32, 16, 16, 32, 3, 1, 1, true),
            new Conv("resnet20 conv 32->64 s2 16x16", 128, 32, 16, 16, 64, 3, 2, 1, true),
            new Conv("resnet20 conv 64->64 8x8", 128, 64, 8, 8, 64, 3, 1, 1, true),
            new Conv("lenet5 conv1 1->6 5x5 28x28", 64, 1, 28, 28, 6, 5, 1, 2, false),
            new Conv("lenet5 conv2 6->16 5x5 14x14", 64, 6, 14, 14, 16, 5, 1, 0, true));

    @Override
    public Integer call() throws IOException {
        int t = threads == null ? Parallel.threads() : threads;
        Parallel.setThreads(t);
        WarmUp.start().join();
        double peak = fmaPeak(t);
        emit(Json.object("name", "fma_peak", "value", peak, "unit", "GFLOP/s", "threads", t), String.format(Locale.ROOT,
                "FMA peak (%d threads): %.1f GFLOP/s", t, peak));
        Map<String, Double> torch = vsPytorch ? pytorchSeconds(t) : Map.of();
        for (Gemm g : GEMMS) {
            if (only != null && !g.name().contains(only)) continue;
            double s = gemmSeconds(g);
            double gflops = 2.0 * g.m() * g.n() * g.k() / s / 1e9;
            report(g.name(), s, gflops, peak, torch.get(g.name()));
        }
        for (Conv c : CONVS) {
            if (only != null && !c.name().contains(only)) continue;
            double s = convSeconds(c);
            ConvGeometry g = c.geometry();
            double flops = 2.0 * g.macs() * (c.inputGrad() ? 3 : 2);
            report(c.name() + " fwd+bwd", s, flops / s / 1e9, peak, torch.get(c.name()));
        }
        return 0;
    }

    private void report(String name, double seconds, double gflops, double peak, Double torchSeconds) {
        var o = Json.object("name", name, "value", seconds * 1e3, "unit", "ms", "gflops", gflops, "fraction_of_peak", gflops / peak);
        String text = String.format(Locale.ROOT, "%-42s %9.3f ms %8.1f GFLOP/s %5.1f %% of peak", name, seconds * 1e3, gflops, 100 * gflops / peak);
        if (torchSeconds != null) {
            Json.putPeer(o, torchSeconds * 1e3, torchSeconds / seconds);
            text += String.format(Locale.ROOT, " | PyTorch %9.3f ms  ratio %5.2f", torchSeconds * 1e3, torchSeconds / seconds);
        }
        emit(o, text);
    }

    private void emit(Map<String, Object> json, String text) {
        if (common.json) Json.print(System.out, json);
        else System.out.println(text);
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-1, 1);
        return a;
    }

    private double gemmSeconds(Gemm g) {
        SplittableRandom rng = new SplittableRandom(common.seed);
        float[] a = random(rng, g.m() * g.k());
        float[] b = random(rng, g.k() * g.n());
        float[] c = new float[g.m() * g.n()];
        return Timing.median(() -> Sgemm.sgemm(false, false, g.m(), g.n(), g.k(), 1f, a, 0, g.k(), b, 0, g.n(), 0f, c, 0, g.n()));
    }

    private double convSeconds(Conv conv) {
        ConvGeometry g = conv.geometry();
        SplittableRandom rng = new SplittableRandom(common.seed);
        float[] x = random(rng, g.inputSize());
        float[] w = random(rng, g.weightSize());
        float[] b = random(rng, g.k());
        float[] out = new float[g.outputSize()];
        float[] dOut = random(rng, g.outputSize());
        float[] dX = conv.inputGrad() ? new float[g.inputSize()] : null;
        float[] dW = new float[g.weightSize()];
        float[] dB = new float[g.k()];
        return Timing.median(() -> {
            Conv2d.conv2dForward(g, x, w, b, out);
            Conv2d.conv2dBackward(g, x, w, dOut, dX, dW, dB);
        });
    }

    private Map<String, Double> pytorchSeconds(int t) throws IOException {
        List<Map<String, Object>> gemm = new ArrayList<>();
        for (Gemm g : GEMMS) if (only == null || g.name().contains(only)) gemm.add(Map.of("name", g.name(), "m", g.m(), "n", g.n(), "k", g.k()));
        List<Map<String, Object>> conv = new ArrayList<>();
        for (Conv c : CONVS) {
            if (only != null && !c.name().contains(only)) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("n", c.n()); m.put("c", c.c()); m.put("h", c.h()); m.put("w", c.w()); m.put("k", c.k());
            m.put("r", c.r()); m.put("s", c.r()); m.put("stride", c.stride()); m.put("pad", c.pad()); m.put("groups", 1);
            m.put("input_grad", c.inputGrad());
            conv.add(m);
        }
        Path spec = Files.createTempFile("fovea-kernels", ".json");
        Files.writeString(spec, Json.string(Json.object("gemm", gemm, "conv", conv)));
        Map<String, Double> out = new HashMap<>();
        try {
            for (JsonNode line : PyTorchPeer.run("kernels_pytorch.py", List.of("--shapes", spec.toString(), "--threads", Integer.toString(t)))) {
                out.put(line.get("name").asText(), line.get("seconds").asDouble());
            }
        } finally {
            Files.deleteIfExists(spec);
        }
        return out;
    }

    /** GFLOP/s of independent FMA chains on every thread: the ceiling the kernels are measured against. */
    static double fmaPeak(int threads) {
        double[] best = {0};
        for (int r = 0; r < 5; r++) {
            long[] flops = new long[threads];
            long start = System.nanoTime();
            Parallel.parallelFor(threads, (lo, hi) -> {
                for (int i = lo; i < hi; i++) flops[i] = FmaLoop.run(20_000_000);
            });
            double s = (System.nanoTime() - start) / 1e9;
            best[0] = Math.max(best[0], Arrays.stream(flops).sum() / s / 1e9);
        }
        return best[0];
    }

    /** Twelve independent accumulators hide the FMA latency (4 cycles × 2 pipes, plus slack). */
    static final class FmaLoop {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        static long run(int iterations) {
            FloatVector a = FloatVector.broadcast(S, 0.999999f);
            FloatVector b = FloatVector.broadcast(S, 1e-7f);
            FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
            FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S), c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
            FloatVector c8 = FloatVector.zero(S), c9 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
            for (int i = 0; i < iterations; i++) {
                c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
                c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
                c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
            }
            float sink = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).reduceLanes(
                    jdk.incubator.vector.VectorOperators.ADD);
            if (sink == 42f) System.err.print("");
            return 2L * 12 * S.length() * iterations;
        }
    }
}

package org.fovea.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.fovea.autograd.GradMode;
import org.fovea.kernel.Parallel;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;
import org.fovea.train.WarmUp;
import org.fovea.zoo.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea bench infer}: forward passes of a zoo model in eval mode without autograd, on random inputs,
 * as images/s (the median of several samples of at least one second each, after 0.5 s of warm-up), with the
 * peak heap in use and the heap limit; with --vs-pytorch the same model (torchvision's, or ResNet-20 and
 * LeNet-5 as in scripts/bench/train_pytorch.py), batch, input and thread count in PyTorch
 * (scripts/bench/infer_pytorch.py) in the same invocation, and the ratio.
 */
@Command(name = "infer", mixinStandardHelpOptions = true, description = "Inference throughput of a zoo model, optionally against PyTorch.")
final class BenchInferCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--model", defaultValue = "resnet20", description = "A zoo model (fovea summary lists them); default ${DEFAULT-VALUE}.") String model;
    @Option(names = "--batch", defaultValue = "1", description = "Images per forward pass (default ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--input", description = "Input CxHxW (default: the model's own, e.g. 3x224x224).") String input;
    @Option(names = "--threads", description = "Threads for both (default: all cores).") Integer threads;
    @Option(names = "--repeat", defaultValue = "5", description = "Timed samples of at least 1 s; the median is reported (default ${DEFAULT-VALUE}).") int repeat;
    @Option(names = "--vs-pytorch", description = "Run the PyTorch equivalent in the same invocation and print the ratio.") boolean vsPytorch;

    @Override
    public Integer call() throws IOException {
        if (batch < 1 || repeat < 1) throw new IllegalArgumentException("--batch and --repeat must be at least 1");
        int t = threads == null ? Parallel.threads() : threads;
        Parallel.setThreads(t);
        int[] chw = input == null ? Models.defaultInput(model) : SummaryCommand.parseInput(input);
        var warm = WarmUp.start();
        Module net = Models.create(model, Map.of("channels", chw[0], "size", chw[1], "classes", Models.defaultClasses(model)),
                new SplittableRandom(common.seed));
        net.eval();
        float[] pixels = new float[batch * chw[0] * chw[1] * chw[2]];
        SplittableRandom rng = new SplittableRandom(common.seed + 1);
        for (int i = 0; i < pixels.length; i++) pixels[i] = (float) rng.nextDouble(-1, 1);
        Tensor x = Tensor.wrap(pixels, batch, chw[0], chw[1], chw[2]);
        warm.join();
        double[] samples = new double[repeat];
        try (var scope = GradMode.noGrad()) {
            long start = System.nanoTime();
            for (int calls = 0; calls < 2 || System.nanoTime() - start < 500_000_000L; calls++) net.forward(x);
            for (int s = 0; s < repeat; s++) {
                int n = 0;
                long t0 = System.nanoTime();
                while (n < 1 || System.nanoTime() - t0 < 1_000_000_000L) {
                    net.forward(x);
                    n++;
                }
                samples[s] = (System.nanoTime() - t0) / 1e9 / n;
            }
        }
        Arrays.sort(samples);
        double seconds = samples[repeat / 2];
        double fovea = batch / seconds;
        Double torch = null;
        if (vsPytorch) {
            String shape = chw[0] + "x" + chw[1] + "x" + chw[2];
            List<String> args = new ArrayList<>(List.of("--model", model, "--batch", Integer.toString(batch), "--input", shape,
                    "--threads", Integer.toString(t), "--repeat", Integer.toString(repeat), "--seed", Long.toString(common.seed)));
            for (JsonNode line : PyTorchPeer.run("infer_pytorch.py", args)) {
                if (line.get("name").asText().equals("pytorch.infer")) torch = line.get("images_per_s").asDouble();
            }
            if (torch == null) throw new IOException("the PyTorch peer printed no result");
        }
        long heapPeakMb = heapPeakBytes() >> 20;
        long heapMaxMb = Runtime.getRuntime().maxMemory() >> 20;
        String name = "infer." + model + ".batch" + batch + ".input" + chw[0] + "x" + chw[1] + "x" + chw[2] + ".threads" + t;
        if (common.json) {
            var o = Json.object("name", name, "value", fovea, "unit", "images/s", "images_per_s", fovea, "seconds", seconds,
                    "heap_peak_mb", heapPeakMb, "heap_max_mb", heapMaxMb);
            if (torch != null) {
                Json.putPeer(o, torch, fovea / torch);
            }
            Json.print(System.out, o);
        } else {
            System.out.printf(Locale.ROOT, "%s: Fovea %,.1f images/s (%.1f ms per batch, median of %d), heap peak %d MB of %d MB%n",
                    name, fovea, 1000 * seconds, repeat, heapPeakMb, heapMaxMb);
            if (torch != null) System.out.printf(Locale.ROOT, "  PyTorch %,.1f images/s -> ratio %.2f (Fovea / PyTorch)%n", torch, fovea / torch);
        }
        return 0;
    }

    /** The sum of the heap pools' peak usage since the JVM started. */
    private static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) sum += pool.getPeakUsage().getUsed();
        }
        return sum;
    }
}

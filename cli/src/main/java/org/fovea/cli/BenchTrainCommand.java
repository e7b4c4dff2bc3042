package org.fovea.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.fovea.data.Batch;
import org.fovea.data.DataLoader;
import org.fovea.data.DataSets;
import org.fovea.data.DataSource;
import org.fovea.data.Normalization;
import org.fovea.kernel.Parallel;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.nn.Module;
import org.fovea.optim.Optimizer;
import org.fovea.optim.SGD;
import org.fovea.train.Evaluation;
import org.fovea.train.ShardedStep;
import org.fovea.train.WarmUp;
import org.fovea.zoo.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea bench train}: training throughput (images/s) of a model with SGD + momentum 0.9, lr 0.01, on
 * Fashion-MNIST normalised by its mean and std, measured over timed steps after warm-up steps (at least 30 and
 * at least --warmup seconds: the JIT compiler keeps recompiling for several seconds and, on two cores, takes one
 * of them while it does; LeNet-5 at 2 threads measured 17.5k images/s after 30 steps, 25.2k over 3,000); GC share of
 * wall time and peak RSS; optionally the time to reach a test accuracy. With --vs-pytorch the same model,
 * batch, optimiser, data and thread count run through PyTorch (scripts/bench/train_pytorch.py) in the same
 * invocation, and each figure gets a ratio (Fovea's speed ÷ PyTorch's, > 1 means Fovea is faster).
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Training throughput, optionally against PyTorch.")
final class BenchTrainCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--model", defaultValue = "lenet5", description = "lenet5, mlp (Fashion-MNIST), resnet20 (synthetic 3x32x32 CIFAR-shaped inputs) or lstm (one layer, input 64, T = 50, --hidden 256 by default, synthetic); default ${DEFAULT-VALUE}.") String model;
    @Option(names = "--hidden", description = "Hidden units of mlp (default 100) or lstm (default 256).") Integer hidden;
    @Option(names = "--batch", defaultValue = "64", description = "Mini-batch size (default ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--threads", description = "Threads for both (default: all cores).") Integer threads;
    @Option(names = "--steps", defaultValue = "300", description = "Timed steps after the warm-up (default ${DEFAULT-VALUE}; lenet5 and mlp: 2000; lstm: 30 after 10).") int steps;
    @Option(names = "--warmup", defaultValue = "3", description = "Seconds of untimed warm-up steps per run, at least 30 steps (default ${DEFAULT-VALUE}; not for lstm).") double warmupSeconds;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--repeat", defaultValue = "3", description = "Timed runs; the median is reported (default ${DEFAULT-VALUE}).") int repeat;
    @Option(names = "--to-accuracy", description = "Also train full epochs until this test accuracy (e.g. 0.89) and report the time.") Double target;
    @Option(names = "--max-epochs", defaultValue = "15", description = "Give up --to-accuracy after this many epochs.") int maxEpochs;
    @Option(names = "--data-dir", description = "Fashion-MNIST IDX directory (default: Debian's, else the embedded subset).") Path dataDir;
    @Option(names = "--vs-pytorch", description = "Run the PyTorch equivalent in the same invocation and print ratios.") boolean vsPytorch;

    @Override
    public Integer call() throws IOException {
        int t = threads == null ? Parallel.threads() : threads;
        Parallel.setThreads(t);
        if (!List.of("lenet5", "mlp", "resnet20", "lstm").contains(model)) {
            throw new IllegalArgumentException("bench train knows lenet5, mlp, resnet20 and lstm, not '" + model + "'");
        }
        if (hidden == null) hidden = model.equals("lstm") ? 256 : 100;
        if (warmupSeconds < 0) throw new IllegalArgumentException("--warmup must be >= 0 seconds, got " + warmupSeconds);
        boolean stepsGiven = spec.commandLine().getParseResult().hasMatchedOption("--steps");
        // NOTE: 300 LeNet-5 steps last half a second, too short to average out the JIT's last compilations and
        // the machine's noise: medians of 3 moved by 15 % between runs (LeNet-5, 2 threads: 30.4k-35.4k images/s
        // over 300 steps, 40.3k-43.8k over 2,000, in the same half hour).
        if (!stepsGiven && (model.equals("lenet5") || model.equals("mlp"))) steps = 2000;
        if (model.equals("lstm")) {
            if (!stepsGiven) steps = 30;
            return lstm(t);
        }
        if (model.equals("resnet20") && target != null) {
            throw new IllegalArgumentException("--to-accuracy needs a real data set; resnet20 is benchmarked on synthetic inputs");
        }
        var warm = WarmUp.start();
        Path dir = dataDirectory();
        DataSource source = DataSets.resolve("fashion-mnist", dir);
        System.err.println("data: " + source.description());
        Normalization norm = Normalization.perChannel(source.train());
        warm.join();
        // the peer's arguments (extracting the embedded data for it only when it runs)
        List<String> args = !vsPytorch ? List.of() : List.of("--data-dir", dir == null ? extractEmbedded().toString() : dir.toString(),
                "--model", model, "--hidden", Integer.toString(hidden), "--batch", Integer.toString(batch), "--threads", Integer.toString(t),
                "--steps", Integer.toString(steps), "--warmup", Double.toString(warmupSeconds), "--seed", Long.toString(common.seed));
        // NOTE: Fovea's and PyTorch's runs alternate, so a slow minute of the shared machine falls on both: run
        // after run, either side moved by up to 20 % (PyTorch's LeNet-5 22.4k-29.0k images/s in one half hour).
        double[] runs = new double[repeat];
        List<Double> speeds = new ArrayList<>();
        Double torchSeconds = null;
        long gcMillis = 0, wallNanos = 0;
        for (int r = 0; r < repeat; r++) {
            long gcBefore = gcMillis(), wallBefore = System.nanoTime();
            runs[r] = throughput(source, norm, r);
            gcMillis += gcMillis() - gcBefore;
            wallNanos += System.nanoTime() - wallBefore;
            if (!vsPytorch) continue;
            List<String> a = new ArrayList<>(args);
            // the peer's time to accuracy: once, in the last run (after Fovea's below, as the measurement order was)
            if (target != null && r == repeat - 1) a.addAll(List.of("--epochs", Integer.toString(maxEpochs), "--target", target.toString()));
            for (JsonNode line : PyTorchPeer.run("train_pytorch.py", a)) {
                if (line.get("name").asText().equals("pytorch.train")) speeds.add(line.get("images_per_s").asDouble());
                if (line.get("name").asText().equals("pytorch.epoch") && torchSeconds == null && line.get("test_acc").asDouble() >= target) {
                    torchSeconds = line.get("seconds").asDouble();
                }
            }
        }
        double gcShare = gcMillis / (wallNanos / 1e6);
        java.util.Arrays.sort(runs);
        double fovea = runs[repeat / 2];
        long rssMb = peakRssMb();
        Double foveaSeconds = target == null ? null : timeToAccuracy(source, norm);
        Double torch = null;
        if (vsPytorch) {
            speeds.sort(null);
            torch = speeds.get(speeds.size() / 2);
        }
        report(t, fovea, torch, gcShare, rssMb, foveaSeconds, torchSeconds);
        return 0;
    }

    /** The LSTM benchmark: median sequences/s of Fovea's and PyTorch's runs, interleaved run by run. */
    private int lstm(int t) throws IOException {
        if (target != null) throw new IllegalArgumentException("--to-accuracy needs a real data set; lstm is benchmarked on synthetic inputs");
        List<Double> fovea = new ArrayList<>();
        List<Double> torch = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
            fovea.add(LstmBench.fovea(batch, hidden, steps, common.seed + r));
            System.err.printf(Locale.ROOT, "run %d: Fovea %,.1f sequences/s%n", r + 1, fovea.get(r));
            if (vsPytorch) {
                torch.addAll(LstmBench.pytorch(batch, hidden, steps, t, common.seed + r, 1));
                System.err.printf(Locale.ROOT, "run %d: PyTorch %,.1f sequences/s%n", r + 1, torch.get(r));
            }
        }
        double f = median(fovea);
        Double p = vsPytorch ? median(torch) : null;
        String name = "train.lstm.input" + LstmBench.INPUT + ".hidden" + hidden + ".T" + LstmBench.STEPS_T + ".batch" + batch + ".threads" + t;
        if (common.json) {
            var o = Json.object("name", name, "value", f, "unit", "sequences/s", "runs", fovea);
            if (p != null) {
                Json.putPeer(o, p, f / p);
                o.put("peer_runs", torch);
            }
            Json.print(System.out, o);
        } else {
            System.out.printf(Locale.ROOT, "%s: Fovea %,.1f sequences/s (median of %d)%n", name, f, repeat);
            if (p != null) System.out.printf(Locale.ROOT, "  PyTorch %,.1f sequences/s -> ratio %.2f (Fovea / PyTorch)%n", p, f / p);
        }
        return 0;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    private void report(int t, double fovea, Double torch, double gcShare, long rssMb, Double foveaSeconds, Double torchSeconds) {
        String name = "train." + model + ".batch" + batch + ".threads" + t;
        if (common.json) {
            var o = Json.object("name", name, "value", fovea, "unit", "images/s", "images_per_s", fovea,
                    "gc_fraction", gcShare, "peak_rss_mb", rssMb);
            if (torch != null) {
                Json.putPeer(o, torch, fovea / torch);
            }
            Json.print(System.out, o);
            if (foveaSeconds != null || torchSeconds != null) {
                var s = Json.object("name", "time_to_accuracy." + model + "." + target, "value", foveaSeconds, "unit", "s");
                if (vsPytorch) {
                    Json.putPeer(s, torchSeconds, foveaSeconds == null || torchSeconds == null ? null : torchSeconds / foveaSeconds);
                }
                Json.print(System.out, s);
            }
            return;
        }
        System.out.printf(Locale.ROOT, "%s: Fovea %,.0f images/s (median of %d), GC %.1f %% of wall time, peak RSS %d MB%n",
                name, fovea, repeat, 100 * gcShare, rssMb);
        if (torch != null) System.out.printf(Locale.ROOT, "  PyTorch %,.0f images/s -> ratio %.2f (Fovea / PyTorch)%n", torch, fovea / torch);
        if (target != null) {
            System.out.printf(Locale.ROOT, "time to %.1f %% test accuracy: Fovea %s", 100 * target, seconds(foveaSeconds));
            if (vsPytorch) System.out.printf(Locale.ROOT, ", PyTorch %s%s", seconds(torchSeconds),
                    foveaSeconds != null && torchSeconds != null ? String.format(Locale.ROOT, " -> Fovea takes %.2f of PyTorch's time", foveaSeconds / torchSeconds) : "");
            System.out.println();
        }
    }

    private static String seconds(Double s) { return s == null ? "not reached" : String.format(Locale.ROOT, "%.1f s", s); }

    private Module newModel(long seed) {
        boolean cifar = model.equals("resnet20");
        return Models.create(model, Map.of("channels", cifar ? 3 : 1, "size", cifar ? 32 : 28, "classes", 10, "hidden", hidden),
                new SplittableRandom(seed));
    }

    /** Images/s over the timed steps of one run (30 untimed steps first). */
    private double throughput(DataSource source, Normalization norm, int run) {
        if (model.equals("resnet20")) return syntheticThroughput(run);
        Module net = newModel(common.seed);
        Optimizer opt = new SGD(net.parameters(), 0.01, 0.9, 0, false);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        DataLoader loader = new DataLoader(source.train(), batch, common.seed + run, DataLoader.Options.training());
        Warm warm = new Warm(30, warmupSeconds);
        int timed = 0;
        int epoch = 0;
        while (timed < steps) {
            try (DataLoader.Epoch batches = loader.epoch(epoch++)) {
                while (batches.hasNext() && timed < steps) {
                    boolean counting = warm.over();
                    Batch b = batches.next();
                    step(net, opt, loss, norm.apply(b.images()), b.labels());
                    if (counting) timed++;
                }
            }
        }
        return (double) steps * batch / warm.secondsSinceOver();
    }

    /** One SGD step on a preprocessed batch: forward, loss, backward, update. */
    private static void step(Module net, Optimizer opt, CrossEntropyLoss loss, org.fovea.tensor.Tensor images, int[] labels) {
        opt.zeroGrad();
        ShardedStep.run(net, loss, images, labels); // as Trainer does: the batch split over the threads if the model allows
        opt.step();
    }

    /** ResNet-20 on seeded random CIFAR-shaped batches (3×32×32, 10 classes): throughput only. */
    private double syntheticThroughput(int run) {
        Module net = newModel(common.seed);
        Optimizer opt = new SGD(net.parameters(), 0.01, 0.9, 0, false);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        SplittableRandom rng = new SplittableRandom(common.seed + run);
        org.fovea.tensor.Tensor[] images = new org.fovea.tensor.Tensor[8];
        int[][] labels = new int[8][batch];
        for (int i = 0; i < images.length; i++) {
            images[i] = org.fovea.tensor.Tensor.randn(rng, batch, 3, 32, 32);
            for (int j = 0; j < batch; j++) labels[i][j] = rng.nextInt(10);
        }
        Warm warm = new Warm(Math.min(30, Math.max(3, steps / 5)), warmupSeconds);
        for (int s = 0, timed = 0; timed < steps; s++) {
            boolean counting = warm.over();
            step(net, opt, loss, images[s % images.length], labels[s % images.length]);
            if (counting) timed++;
        }
        return (double) steps * batch / warm.secondsSinceOver();
    }

    /** Warm-up of at least minSteps steps and minSeconds seconds; over() is asked once before each step. */
    private static final class Warm {
        private final int minSteps;
        private final long minNanos;
        private final long begin = System.nanoTime();
        private int asked;
        private long overAt;

        Warm(int minSteps, double minSeconds) {
            this.minSteps = minSteps;
            this.minNanos = (long) (minSeconds * 1e9);
        }

        boolean over() {
            if (overAt != 0) return true;
            long now = System.nanoTime();
            if (asked++ < minSteps || now - begin < minNanos) return false;
            overAt = now;
            return true;
        }

        double secondsSinceOver() { return (System.nanoTime() - overAt) / 1e9; }
    }

    /** Seconds of training (with a test evaluation after each epoch) until the target test accuracy, or null. */
    private Double timeToAccuracy(DataSource source, Normalization norm) {
        Module net = newModel(common.seed);
        Optimizer opt = new SGD(net.parameters(), 0.01, 0.9, 0, false);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        DataLoader loader = new DataLoader(source.train(), batch, common.seed, DataLoader.Options.training());
        long start = System.nanoTime();
        for (int e = 0; e < maxEpochs; e++) {
            net.train();
            try (DataLoader.Epoch batches = loader.epoch(e)) {
                while (batches.hasNext()) {
                    Batch b = batches.next();
                    step(net, opt, loss, norm.apply(b.images()), b.labels());
                }
            }
            double acc = Evaluation.of(net, source.test(), 1000, norm::apply).top1();
            double s = (System.nanoTime() - start) / 1e9;
            System.err.printf(Locale.ROOT, "fovea epoch %d: test accuracy %.4f after %.1f s%n", e + 1, acc, s);
            if (acc >= target) return s;
        }
        return null;
    }

    private Path dataDirectory() {
        if (dataDir != null) return dataDir;
        return Files.isDirectory(DataSets.DEBIAN_FASHION_MNIST) ? DataSets.DEBIAN_FASHION_MNIST : null;
    }

    /** The embedded subset's files in a temporary directory, for the Python peer. */
    private static Path extractEmbedded() throws IOException {
        Path tmp = Files.createTempDirectory("fovea-fashion-mnist");
        for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            try (InputStream in = DataSets.class.getResourceAsStream("/org/fovea/data/fashion-mnist/" + f)) {
                if (in == null) throw new IOException("embedded data file " + f + " is missing from the jar");
                Files.copy(in, tmp.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        tmp.toFile().deleteOnExit();
        return tmp;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) total += Math.max(0, gc.getCollectionTime());
        return total;
    }

    /** Peak resident set size (VmHWM) in MB, or -1 where /proc is unavailable. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}

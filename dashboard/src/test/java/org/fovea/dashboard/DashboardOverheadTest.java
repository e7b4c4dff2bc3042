package org.fovea.dashboard;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fovea.kernel.Parallel;
import org.fovea.train.TrainingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost of recording a run for the dashboard (docs/dashboard.md quotes it): LeNet-5 epochs on 9,000 embedded
 * Fashion-MNIST images with and without the recorder, in alternating pairs, as medians of the in-epoch training
 * throughput (which holds the per-step recording and the sampled layer statistics), of the whole fit's wall time
 * and of the training thread's CPU time (which also holds the per-epoch pictures, and suffers less from other
 * load on the machine: the test computes on that one thread), plus the share of the time spent inside the
 * recorder itself. Run by hand: ./mvnw -pl dashboard -am test -Dtest=DashboardOverheadTest -Dfovea.overhead=true
 * -Dsurefire.failIfNoSpecifiedTests=false
 */
@EnabledIfSystemProperty(named = "fovea.overhead", matches = "true")
class DashboardOverheadTest {
    @TempDir Path tmp;

    @Test
    void overheadOfTheRecorder() throws Exception {
        int pairs = Integer.getInteger("fovea.overhead.pairs", 8);
        // One compute thread: then the training thread's own CPU time measures the work, whatever else the machine runs.
        Parallel.setThreads(1);
        List<double[]> off = new ArrayList<>(), on = new ArrayList<>();
        run(false);  // warm-up: C2 compiles the kernels
        run(true);
        for (int i = 0; i < pairs; i++) {
            boolean first = i % 2 == 0;
            (first ? on : off).add(run(first));
            (first ? off : on).add(run(!first));
        }
        double[] a = medians(off), b = medians(on);
        System.out.printf(Locale.ROOT, "dashboard overhead over %d pairs: throughput %.0f → %.0f images/s (%.2f %%), wall %.3f → %.3f s (%.2f %%), CPU %.3f → %.3f s (%.2f %%)%n",
                pairs, a[0], b[0], 100 * (1 - b[0] / a[0]), a[1], b[1], 100 * (b[1] / a[1] - 1), a[2], b[2], 100 * (b[2] / a[2] - 1));
        double[] s = shares.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "time inside the recorder: median %.2f %% of the training time (min %.2f %%, max %.2f %%)%n",
                100 * s[s.length / 2], 100 * s[0], 100 * s[s.length - 1]);
    }

    private int runs;
    /** Per measured run with the recorder: the share of the fit's wall time spent inside the recorder. */
    private final List<Double> shares = new ArrayList<>();

    /** One epoch; returns {images/s inside the epoch, wall seconds of fit, CPU seconds of fit}. */
    private double[] run(boolean record) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run-" + runs++));
        ShortTraining t = new ShortTraining(new RunStore(tmp), dir, 10_000, Integer.getInteger("fovea.overhead.epochs", 2), 64, Integer.getInteger("fovea.overhead.every", TrainingRecorder.STATS_EVERY), record);
        double[] throughput = new double[1];
        t.trainer.addListener(e -> { if (e instanceof TrainingEvent.EpochFinished f) throughput[0] = f.imagesPerSecond(); });
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(), start = System.nanoTime();
        t.run();
        double wall = (System.nanoTime() - start) / 1e9;
        if (record && runs > 2) shares.add((t.stepNanos + t.epochNanos) / 1e9 / wall);
        System.out.printf(Locale.ROOT, "%s: %.0f images/s, wall %.3f s%n", record ? "on " : "off", throughput[0], wall);
        if (record) System.out.printf(Locale.ROOT, "recorder: %.1f ms in step events (%d layer samples: %.1f ms), %.1f ms in epoch events, fit %.3f s%n",
                t.stepNanos / 1e6, t.recorder.samples, t.recorder.sampleNanos / 1e6, t.epochNanos / 1e6, wall);
        return new double[] {throughput[0], wall, (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu) / 1e9};
    }

    private static double[] medians(List<double[]> rows) {
        double[] out = new double[3];
        for (int c = 0; c < 3; c++) {
            final int col = c;
            double[] v = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
            out[c] = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
        return out;
    }
}

package org.fovea.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures {@link Sgemm} throughput on the shapes Fovea's models produce (not a unit test).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes
 * org.fovea.kernel.SgemmThroughput [--threads N] [--peak GFLOPS] [--trans NN|NT|TN|TT] [M,N,K ...]}.
 * Each shape is warmed up (at least 5 runs and 1 s), then timed at least 7 times and 1 s; the median is
 * printed as GFLOP/s and as a fraction of the stated peak (default: 430 GFLOP/s, the fp32 FMA peak of the
 * two AVX-512 Zen 5 cores of the reference machine; pass --peak for one thread or another machine).
 */
public final class SgemmThroughput {
    private static final int[][] SHAPES = {
            {1024, 1024, 1024}, {2048, 2048, 2048},
            {64, 50176, 576}, {128, 12544, 1152}, {256, 3136, 2304},  // im2col-like convolutions
            {64, 4096, 9216}, {64, 500, 800}, {128, 10, 800},         // fully connected layers
            {6, 50176, 25}, {16, 6400, 150},                           // LeNet's small-M convolutions
    };

    private SgemmThroughput() {}

    public static void main(String[] args) {
        double peak = 430;
        boolean transA = false, transB = false;
        List<int[]> shapes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> Parallel.setThreads(Integer.parseInt(args[++i]));
                case "--peak" -> peak = Double.parseDouble(args[++i]);
                case "--trans" -> {
                    String t = args[++i];
                    transA = t.charAt(0) == 'T';
                    transB = t.charAt(1) == 'T';
                }
                default -> shapes.add(Arrays.stream(args[i].split(",")).mapToInt(Integer::parseInt).toArray());
            }
        }
        if (shapes.isEmpty()) shapes.addAll(Arrays.asList(SHAPES));
        System.out.printf("threads=%d species=%s peak=%.0f GFLOP/s op=%s%s%n", Parallel.threads(),
                SgemmMicroKernels.S, peak, transA ? "T" : "N", transB ? "T" : "N");
        System.out.printf("%-20s %10s %10s %8s%n", "M,N,K", "median ms", "GFLOP/s", "of peak");
        for (int[] s : shapes) {
            double seconds = medianSeconds(transA, transB, s[0], s[1], s[2]);
            double gflops = 2.0 * s[0] * s[1] * s[2] / seconds / 1e9;
            System.out.printf("%-20s %10.3f %10.1f %7.0f%%%n", s[0] + "," + s[1] + "," + s[2], seconds * 1e3,
                    gflops, 100 * gflops / peak);
        }
    }

    private static double medianSeconds(boolean transA, boolean transB, int m, int n, int k) {
        Random random = new Random(42);
        float[] a = randomArray(random, m * k), b = randomArray(random, k * n), c = new float[m * n];
        int lda = transA ? m : k, ldb = transB ? k : n;
        Runnable product = () -> Sgemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        long start = System.nanoTime();
        for (int i = 0; i < 5 || System.nanoTime() - start < 1_000_000_000L; i++) product.run();
        List<Long> times = new ArrayList<>();
        start = System.nanoTime();
        while (times.size() < 7 || System.nanoTime() - start < 1_000_000_000L) {
            long t0 = System.nanoTime();
            product.run();
            times.add(System.nanoTime() - t0);
        }
        times.sort(null);
        return times.get(times.size() / 2) / 1e9;
    }

    private static float[] randomArray(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = random.nextFloat() * 2 - 1;
        return x;
    }
}

package org.fovea.cli;

import java.util.Arrays;

/**
 * Median wall time per call: calls batched to at least 40 ms per sample, 5 samples, after at least 0.5 s of
 * warm-up (on a loaded machine the JIT needs that long to compile the kernels; 3 calls measured interpreted code).
 */
final class Timing {
    private Timing() {}

    static double median(Runnable call) {
        long warm = System.nanoTime();
        for (int i = 0; i < 3 || System.nanoTime() - warm < 500_000_000L; i++) call.run();
        int n = 1;
        while (true) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) call.run();
            if (System.nanoTime() - start >= 40_000_000L || n >= 1 << 20) break;
            n *= 2;
        }
        double[] samples = new double[5];
        for (int s = 0; s < samples.length; s++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) call.run();
            samples[s] = (System.nanoTime() - start) / 1e9 / n;
        }
        Arrays.sort(samples);
        return samples[samples.length / 2];
    }
}

package org.fovea.bench;

import java.util.SplittableRandom;
import org.fovea.kernel.Parallel;

/** Helpers shared by the benchmarks: shape strings, seeded random inputs and the thread count. */
final class Fixtures {
    /** The seed of every random input, so each run measures the same numbers. */
    static final long SEED = 42;

    private Fixtures() {}

    /** Parses "AxBxC…" into exactly {@code count} positive sizes. */
    static int[] dims(String spec, int count) {
        String[] parts = spec.split("x");
        if (parts.length != count) {
            throw new IllegalArgumentException("shape \"" + spec + "\" must have " + count + " sizes separated by 'x'");
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = Integer.parseInt(parts[i].strip());
            if (out[i] < 1) throw new IllegalArgumentException("shape \"" + spec + "\": sizes must be positive");
        }
        return out;
    }

    /** n floats uniform in [-1, 1). */
    static float[] uniform(int n, SplittableRandom rng) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (2 * rng.nextDouble() - 1);
        return a;
    }

    /** Sets Fovea's thread pool size; 0 keeps the default (one thread per core). */
    static void threads(int n) {
        if (n > 0) Parallel.setThreads(n);
    }
}

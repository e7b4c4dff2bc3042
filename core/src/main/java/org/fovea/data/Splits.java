package org.fovea.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Train/validation splits and k-fold cross-validation (CS231n, "Image classification": hold out a
 * validation set for hyper-parameters; k-fold when data is scarce). Every split is a pair of disjoint
 * {@link Subset}s fixed by a seed.
 */
public final class Splits {
    private Splits() {}

    /** A training part and the validation part held out from it. */
    public record Split(Dataset train, Dataset validation) {}

    /** A random permutation of 0 … n−1 (Fisher–Yates, Knuth vol. 2 §3.4.2, algorithm P). */
    public static int[] permutation(int n, RandomGenerator rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Holds out round(fraction · N) random items for validation; the rest train. */
    public static Split trainValidation(Dataset data, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) throw new IllegalArgumentException("trainValidation: fraction must be in (0, 1), got " + validationFraction);
        int n = data.size();
        int nVal = (int) Math.round(validationFraction * n);
        if (nVal == 0 || nVal == n) throw new IllegalArgumentException("trainValidation: a fraction " + validationFraction + " of " + n + " items leaves one side empty");
        int[] p = permutation(n, new SplittableRandom(seed));
        return new Split(new Subset(data, sorted(Arrays.copyOfRange(p, nVal, n))), new Subset(data, sorted(Arrays.copyOfRange(p, 0, nVal))));
    }

    /**
     * k folds over one random permutation: fold i validates on the i-th k-th of it and trains on the rest;
     * every item is validated exactly once. Fold sizes differ by at most one.
     */
    public static List<Split> kFold(Dataset data, int k, long seed) {
        int n = data.size();
        if (k < 2 || k > n) throw new IllegalArgumentException("kFold: k must be in [2, " + n + "], got " + k);
        int[] p = permutation(n, new SplittableRandom(seed));
        List<Split> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            int lo = (int) ((long) f * n / k), hi = (int) ((long) (f + 1) * n / k);
            int[] val = Arrays.copyOfRange(p, lo, hi);
            int[] train = new int[n - val.length];
            System.arraycopy(p, 0, train, 0, lo);
            System.arraycopy(p, hi, train, lo, n - hi);
            folds.add(new Split(new Subset(data, sorted(train)), new Subset(data, sorted(val))));
        }
        return folds;
    }

    private static int[] sorted(int[] a) {
        Arrays.sort(a);
        return a;
    }
}

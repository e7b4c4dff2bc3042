package org.fovea.spark;

import java.util.List;
import java.util.SplittableRandom;
import org.fovea.data.Dataset;
import org.fovea.data.ImageDataset;

/** n random 1×28×28 images with labels 0..9, the same for the same seed on every executor. */
record SyntheticData(int n, long seed) implements Recipe.DataFactory {
    @Override
    public Dataset load() {
        var rng = new SplittableRandom(seed);
        byte[] pixels = new byte[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(10);
            for (int k = 0; k < 28 * 28; k++) pixels[i * 28 * 28 + k] = (byte) Math.min(255, rng.nextInt(64) + 20 * labels[i] + (k % 28 == labels[i] ? 60 : 0));
        }
        return new ImageDataset("synthetic", pixels, new int[] {1, 28, 28}, labels, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    @Override
    public String cacheKey() { return toString(); }
}

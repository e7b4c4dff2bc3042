package org.fovea.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TSNETest {
    @Test
    void separatesTwoWellSeparatedGaussianClusters() {
        int n = 60, d = 10;
        SplittableRandom rng = new SplittableRandom(11);
        float[] x = new float[n * d];
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            label[i] = i % 2;
            for (int k = 0; k < d; k++) x[i * d + k] = (float) rng.nextGaussian() + (label[i] == 1 ? 8f : 0f);
        }
        Tensor y = new TSNE(10, 300, 100).embed(Tensor.wrap(x, n, d), new SplittableRandom(12));
        assertArrayEquals(new int[] {n, 2}, y.shape());
        double within = 0, between = 0;
        int w = 0, b = 0;
        for (int i = 0; i < n; i++) {
            int nearest = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j == i) continue;
                double dist = Math.hypot(y.get(i, 0) - y.get(j, 0), y.get(i, 1) - y.get(j, 1));
                if (dist < best) {
                    best = dist;
                    nearest = j;
                }
                if (label[i] == label[j]) {
                    within += dist;
                    w++;
                } else {
                    between += dist;
                    b++;
                }
            }
            assertEquals(label[i], label[nearest], "point " + i + "'s nearest neighbour in the embedding is in its cluster");
        }
        assertTrue(between / b > 3 * within / w, "clusters apart: between " + between / b + ", within " + within / w);
    }

    @Test
    void bandwidthsMatchThePerplexity() {
        int n = 30;
        double[] d2 = new double[n * n];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) d2[i * n + j] = d2[j * n + i] = 1 + 10 * rng.nextDouble();
        double[] p = TSNE.affinities(d2, n, 5);
        double total = 0;
        for (double v : p) total += v;
        assertEquals(1, total, 1e-6, "joint probabilities sum to one");
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) assertEquals(p[i * n + j], p[j * n + i], 1e-15);
    }
}

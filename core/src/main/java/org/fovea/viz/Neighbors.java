package org.fovea.viz;

import java.util.ArrayList;
import java.util.List;
import org.fovea.autograd.GradMode;
import org.fovea.classic.Distances;
import org.fovea.data.Dataset;
import org.fovea.tensor.Tensor;

/**
 * Nearest neighbours in pixel space and in feature space, side by side (CS231n lecture 12, "last layer";
 * Krizhevsky et al. 2012, fig. 4): the training images closest in L2 distance to a query, first comparing
 * raw pixels, then the activations of the last hidden layer. Pixel neighbours share brightness and layout;
 * feature neighbours share the class even when their pixels differ.
 *
 * <p>Shape: queries (Q, C, H, W), a gallery of G images → Q × k indices into the gallery, nearest first.
 *
 * @param pixel the k nearest gallery images of each query in pixel space
 * @param feature the k nearest in the feature space of {@code layer}
 * @param layer the layer whose outputs are the features
 */
public record Neighbors(int[][] pixel, int[][] feature, String layer) {
    private static final int BATCH = 256;

    /** Finds the k nearest of the first {@code limit} images of {@code gallery} for each query image. */
    public static Neighbors of(Probe probe, Tensor queries, Dataset gallery, int limit, int k, String layer) {
        int g = Math.min(limit, gallery.size());
        if (k < 1 || k > g) throw new IllegalArgumentException("neighbors: k must be 1.." + g + ", got " + k);
        int[] all = new int[g];
        for (int i = 0; i < g; i++) all[i] = i;
        Tensor galleryPixels = gallery.batch(all).images();
        return new Neighbors(nearest(flat(queries), flat(galleryPixels), k), nearest(features(probe, queries, layer),
                features(probe, galleryPixels, layer), k), layer);
    }

    /**
     * The figure: one row per query (the first Q of them), the query, its k pixel-space neighbours, a blank tile, its k feature-space
     * neighbours. Shape: (C, Q·(H·s + 2) + 2, (2k + 2)·(W·s + 2) + 2).
     */
    public Tensor figure(Tensor queries, Dataset gallery, int scale) {
        List<Tensor> tiles = new ArrayList<>();
        int k = pixel[0].length;
        for (int q = 0; q < queries.size(0); q++) {
            Tensor query = queries.select(0, q);
            tiles.add(query);
            for (int i : pixel[q]) tiles.add(gallery.get(i).image());
            tiles.add(Tensor.zerosLike(query));
            for (int i : feature[q]) tiles.add(gallery.get(i).image());
        }
        return Pictures.tile(tiles, 2 * k + 2, scale);
    }

    /** The fraction of neighbours with the query's label: {pixel space, feature space}. */
    public double[] labelAgreement(int[] queryLabels, Dataset gallery) {
        double[] agree = new double[2];
        int count = 0;
        for (int q = 0; q < pixel.length; q++) {
            for (int j = 0; j < pixel[q].length; j++) {
                agree[0] += gallery.label(pixel[q][j]) == queryLabels[q] ? 1 : 0;
                agree[1] += gallery.label(feature[q][j]) == queryLabels[q] ? 1 : 0;
                count++;
            }
        }
        agree[0] /= count;
        agree[1] /= count;
        return agree;
    }

    private static Tensor flat(Tensor images) { return images.contiguous().reshape(images.size(0), -1).contiguous(); }

    private static Tensor features(Probe probe, Tensor images, String layer) {
        List<Tensor> parts = new ArrayList<>();
        try (var scope = GradMode.noGrad()) {
            for (int s = 0; s < images.size(0); s += BATCH) {
                Tensor part = probe.activations(images.narrow(0, s, Math.min(BATCH, images.size(0) - s)).contiguous(), layer);
                parts.add(part.contiguous().reshape(part.size(0), -1));
            }
        }
        return Tensor.concat(0, parts.toArray(Tensor[]::new)).contiguous();
    }

    /** Indices of the k rows of gallery (G, D) nearest each row of queries (Q, D) in L2 distance. */
    static int[][] nearest(Tensor queries, Tensor gallery, int k) {
        int q = queries.size(0), g = gallery.size(0), d = queries.size(1);
        float[] x = queries.toArray(), y = gallery.toArray(), dist = new float[q * g];
        Distances.l2Squared(x, Distances.squaredNorms(x, q, d), q, y, Distances.squaredNorms(y, g, d), g, d, dist);
        int[][] out = new int[q][];
        for (int i = 0; i < q; i++) {
            int row = i * g;
            out[i] = java.util.stream.IntStream.range(0, g).boxed()
                    .sorted(java.util.Comparator.comparingDouble(j -> dist[row + j])).limit(k).mapToInt(Integer::intValue).toArray();
        }
        return out;
    }
}

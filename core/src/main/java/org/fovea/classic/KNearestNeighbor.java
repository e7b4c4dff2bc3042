package org.fovea.classic;

import java.util.Arrays;
import java.util.List;
import org.fovea.data.Splits;
import org.fovea.data.Subset;
import org.fovea.kernel.Parallel;

/**
 * The k-nearest-neighbour classifier of CS231n lecture 2 ("Image classification: the data-driven
 * approach"): training memorises the data; prediction finds the k training images closest to a query
 * under L1 or L2 distance and lets them vote.
 *
 * <p>Tie-breaks, fixed so results do not depend on thread timing: neighbours at equal distance are ranked by
 * training index (smaller first); among classes with the same number of votes the one that owns the nearest
 * of the k neighbours wins (so k = 2 with split votes falls back to 1-NN).
 *
 * <p>Memory stays bounded: queries go through in blocks of rows such that one block's distance matrix
 * holds at most {@link #BLOCK_FLOATS} floats (32 MB), whatever the number of queries.
 * Shape: training data (m, d), queries (n, d) → labels n.
 */
public final class KNearestNeighbor {
    /** Largest distance block, in floats: (query rows per block) × (training rows). */
    public static final int BLOCK_FLOATS = 1 << 23;

    private final Distances.Metric metric;
    private final int blockFloats;
    private DataMatrix train;
    private float[] trainNorms;

    public KNearestNeighbor(Distances.Metric metric) { this(metric, BLOCK_FLOATS); }

    /** blockFloats: the largest distance block, in floats (tests shrink it to cross block boundaries). */
    KNearestNeighbor(Distances.Metric metric, int blockFloats) {
        if (metric == null) throw new IllegalArgumentException("KNearestNeighbor: metric must be L1 or L2, got null");
        if (blockFloats < 1) throw new IllegalArgumentException("KNearestNeighbor: blockFloats must be >= 1, got " + blockFloats);
        this.metric = metric;
        this.blockFloats = blockFloats;
    }

    /** Training is memorising (and, for L2, precomputing ‖y‖² of every training row). */
    public KNearestNeighbor train(DataMatrix data) {
        if (data.n() == 0) throw new IllegalArgumentException("KNearestNeighbor: no training data");
        this.train = data;
        this.trainNorms = metric == Distances.Metric.L2 ? Distances.squaredNorms(data.x(), data.n(), data.d()) : null;
        return this;
    }

    public Distances.Metric metric() { return metric; }

    /**
     * The indices of the k nearest training rows of every query row, nearest first (ties: smaller index).
     * Shape: queries (n, d) → (n, k).
     */
    public int[][] neighbors(DataMatrix queries, int k) {
        if (train == null) throw new IllegalStateException("KNearestNeighbor: train() first");
        if (queries.d() != train.d()) {
            throw new IllegalArgumentException("KNearestNeighbor: queries have " + queries.d() + " features, training data " + train.d());
        }
        if (k < 1 || k > train.n()) throw new IllegalArgumentException("KNearestNeighbor: k must be in [1, " + train.n() + "], got " + k);
        int m = train.n(), d = train.d(), n = queries.n();
        int block = Math.max(1, Math.min(n, blockFloats / m));
        float[] dist = new float[block * m];
        int[][] out = new int[n][];
        for (int lo = 0; lo < n; lo += block) {
            int rows = Math.min(block, n - lo);
            float[] q = Arrays.copyOfRange(queries.x(), lo * d, (lo + rows) * d);
            if (metric == Distances.Metric.L2) {
                Distances.l2Squared(q, Distances.squaredNorms(q, rows, d), rows, train.x(), trainNorms, m, d, dist);
            } else {
                Distances.l1(q, rows, train.x(), m, d, dist);
            }
            int base = lo;
            Parallel.parallelFor(rows, 4, (a, b) -> {
                for (int i = a; i < b; i++) out[base + i] = nearest(dist, i * m, m, k);
            });
        }
        return out;
    }

    /** The predicted label of every query row with k neighbours. */
    public int[] predict(DataMatrix queries, int k) {
        return predict(queries, new int[] {k})[0];
    }

    /**
     * Predictions for several k from one neighbour search (the search for max k serves every smaller k):
     * result[j][i] is the label of query i with ks[j] neighbours.
     */
    public int[][] predict(DataMatrix queries, int[] ks) {
        int maxK = Arrays.stream(ks).max().orElseThrow(() -> new IllegalArgumentException("KNearestNeighbor: no k given"));
        int[][] nn = neighbors(queries, maxK);
        int[][] out = new int[ks.length][queries.n()];
        int[] labels = new int[maxK];
        for (int i = 0; i < queries.n(); i++) {
            for (int r = 0; r < maxK; r++) labels[r] = train.labels()[nn[i][r]];
            for (int j = 0; j < ks.length; j++) out[j][i] = vote(labels, ks[j], train.classes());
        }
        return out;
    }

    /**
     * The majority label among the first k of labels (ordered nearest first); a tie goes to the tied class
     * that appears first, i.e. owns the nearest neighbour among the tied classes.
     */
    public static int vote(int[] labels, int k, int classes) {
        if (k < 1 || k > labels.length) throw new IllegalArgumentException("vote: k must be in [1, " + labels.length + "], got " + k);
        int[] counts = new int[classes];
        int max = 0;
        for (int r = 0; r < k; r++) max = Math.max(max, ++counts[labels[r]]);
        for (int r = 0; r < k; r++) if (counts[labels[r]] == max) return labels[r];
        throw new IllegalStateException("unreachable");
    }

    /** Fraction of predictions equal to the labels. */
    public static double accuracy(int[] predicted, int[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) right++;
        return labels.length == 0 ? Double.NaN : (double) right / labels.length;
    }

    /**
     * k-fold cross-validation on the training data alone (lecture 2, "Setting hyperparameters"): for every
     * fold, memorise the other folds and score each k on this one. Returns accuracy[fold][index of k].
     */
    public static double[][] crossValidate(DataMatrix data, Distances.Metric metric, int[] ks, int folds, long seed) {
        List<Splits.Split> splits = Splits.kFold(new IndexOnly(data), folds, seed);
        double[][] acc = new double[folds][ks.length];
        for (int f = 0; f < folds; f++) {
            DataMatrix tr = data.rows(((Subset) splits.get(f).train()).indices());
            DataMatrix val = data.rows(((Subset) splits.get(f).validation()).indices());
            int[][] predicted = new KNearestNeighbor(metric).train(tr).predict(val, ks);
            for (int j = 0; j < ks.length; j++) acc[f][j] = accuracy(predicted[j], val.labels());
        }
        return acc;
    }

    /** The k smallest of dist[off, off + m) as indices, nearest first, equal distances by smaller index. */
    static int[] nearest(float[] dist, int off, int m, int k) {
        float[] bestD = new float[k];
        int[] bestI = new int[k];
        int size = 0;
        for (int j = 0; j < m; j++) {
            float v = dist[off + j];
            if (size == k && !(v < bestD[k - 1])) continue; // NOTE: strict, so an equal later index never displaces
            int p = size == k ? k - 1 : size++;
            while (p > 0 && bestD[p - 1] > v) {
                bestD[p] = bestD[p - 1];
                bestI[p] = bestI[p - 1];
                p--;
            }
            bestD[p] = v;
            bestI[p] = j;
        }
        return bestI;
    }

    /** A dataset of the right size for {@link Splits#kFold}, which only needs indices. */
    private record IndexOnly(DataMatrix data) implements org.fovea.data.Dataset {
        @Override public int size() { return data.n(); }
        @Override public org.fovea.data.Sample get(int i) { throw new UnsupportedOperationException("index-only dataset"); }
        @Override public int label(int i) { return data.labels()[i]; }
        @Override public List<String> classes() { return List.of(); }
        @Override public int[] imageShape() { return new int[] {1, 1, data.d()}; }
    }
}

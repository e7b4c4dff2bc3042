package org.fovea.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.fovea.nn.AdaptiveAvgPool2d;
import org.fovea.nn.Conv2d;
import org.fovea.nn.Dropout;
import org.fovea.nn.Flatten;
import org.fovea.nn.Linear;
import org.fovea.nn.LocalResponseNorm;
import org.fovea.nn.MaxPool2d;
import org.fovea.nn.Module;
import org.fovea.nn.ReLU;
import org.fovea.nn.Sequential;

/**
 * AlexNet (Krizhevsky, Sutskever & Hinton 2012), in two variants declared as tables.
 *
 * <p>{@link #lecture}: as CS231n lecture 9 lists it, for 227×227×3 inputs: CONV1 96 11×11 s4 → MAX POOL 3×3 s2
 * → NORM → CONV2 256 5×5 p2 → MAX POOL → NORM → CONV3 384 3×3 p1 → CONV4 384 → CONV5 256 → MAX POOL →
 * FC6 4096 → FC7 4096 → FC8, ReLU after every CONV and FC, dropout 0.5 before FC6 and FC7; 62,378,344
 * parameters. With {@code twoGpu} CONV2, CONV4 and CONV5 see only the feature maps of their own GPU (2 groups),
 * as in the paper's Figure 2 (CONV3 and the FCs connect across GPUs): 60,965,224 parameters, the paper's "60
 * million". The NORM layer is {@link LocalResponseNorm#alexNet()}.
 *
 * <p>{@link #torchvision}: the one-GPU variant of Krizhevsky 2014 ("One weird trick") that torchvision ships:
 * 64-192-384-256-256 filters, no NORM, adaptive average pooling to 6×6 before the classifier; 61,100,840
 * parameters. Layers are laid out as torchvision's (features, avgpool, flatten, classifier), so its
 * state-dict order maps 1:1 onto this model's.
 *
 * <p>Shape: (N, C, 227, 227) → (N, classes) for the lecture variant (other sizes work: the FC6 input follows
 * the size); (N, C, H, W) → (N, classes) for H, W ≥ 63 for the torchvision variant.
 */
public final class AlexNet extends Sequential {
    private static final int[] POOL = {};
    private static final int[] NORM = {0};
    /** Rows {out channels, kernel, stride, padding, groups in the two-GPU split}, POOL (3×3 s2) and NORM. */
    private static final int[][] LECTURE = {
        {96, 11, 4, 0, 1}, POOL, NORM,
        {256, 5, 1, 2, 2}, POOL, NORM,
        {384, 3, 1, 1, 1}, {384, 3, 1, 1, 2}, {256, 3, 1, 1, 2}, POOL,
    };
    private static final int[][] TORCHVISION = {
        {64, 11, 4, 2, 1}, POOL,
        {192, 5, 1, 2, 1}, POOL,
        {384, 3, 1, 1, 1}, {256, 3, 1, 1, 1}, {256, 3, 1, 1, 1}, POOL,
    };

    private AlexNet(List<Module> layers) { super(layers); }

    /** The lecture's AlexNet for inputs of channels × size × size (227 in the lecture). */
    public static AlexNet lecture(int channels, int size, int classes, boolean twoGpu, RandomGenerator rng) {
        List<Module> features = new ArrayList<>();
        int[] cs = features(LECTURE, channels, size, twoGpu, features, rng);
        if (cs[1] < 1) throw new IllegalArgumentException("AlexNet: input size " + size + " is too small (the lecture uses 227)");
        return new AlexNet(List.of(new Sequential(features), new Flatten(), classifier(cs[0] * cs[1] * cs[1], classes, rng)));
    }

    /** torchvision's AlexNet ({@code torchvision.models.alexnet}). */
    public static AlexNet torchvision(int channels, int classes, RandomGenerator rng) {
        List<Module> features = new ArrayList<>();
        int[] cs = features(TORCHVISION, channels, 0, false, features, rng);
        return new AlexNet(List.of(new Sequential(features), new AdaptiveAvgPool2d(6), new Flatten(),
                classifier(cs[0] * 6 * 6, classes, rng)));
    }

    /** Appends the table's layers; returns {channels, side} after them (side 0 when size is 0, i.e. unknown). */
    private static int[] features(int[][] table, int channels, int size, boolean twoGpu, List<Module> out, RandomGenerator rng) {
        for (int[] row : table) {
            if (row == POOL) {
                out.add(new MaxPool2d(3, 2));
                size = Math.floorDiv(size - 3, 2) + 1;
            } else if (row == NORM) {
                out.add(LocalResponseNorm.alexNet());
            } else {
                int groups = twoGpu ? row[4] : 1;
                out.add(new Conv2d(channels, row[0], row[1], row[2], row[3], 1, groups, true, rng));
                out.add(new ReLU());
                channels = row[0];
                size = Math.floorDiv(size + 2 * row[3] - row[1], row[2]) + 1;
            }
        }
        return new int[] {channels, size};
    }

    /** Dropout → FC6 4096 → ReLU → Dropout → FC7 4096 → ReLU → FC8 classes (torchvision's order). */
    private static Sequential classifier(int in, int classes, RandomGenerator rng) {
        return new Sequential(new Dropout(0.5, rng), new Linear(in, 4096, rng), new ReLU(),
                new Dropout(0.5, rng), new Linear(4096, 4096, rng), new ReLU(), new Linear(4096, classes, rng));
    }
}

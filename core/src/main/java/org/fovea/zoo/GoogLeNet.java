package org.fovea.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.fovea.autograd.Variable;
import org.fovea.nn.AdaptiveAvgPool2d;
import org.fovea.nn.Concat;
import org.fovea.nn.Dropout;
import org.fovea.nn.Flatten;
import org.fovea.nn.Linear;
import org.fovea.nn.MaxPool2d;
import org.fovea.nn.Module;
import org.fovea.nn.ReLU;
import org.fovea.nn.Sequential;

/**
 * GoogLeNet, Inception v1 (Szegedy et al. 2015, Table 1) in torchvision's layout: a stem (conv 7×7/2 64, max
 * pool, conv 1×1 64, conv 3×3 192, max pool), nine Inception modules with max pools between the groups
 * 3a–3b, 4a–4e and 5a–5b, global average pooling, dropout (0.2 as torchvision; the paper's 0.4), FC. Every convolution is
 * torchvision's BasicConv2d (conv without bias → BatchNorm2d(eps 0.001) → ReLU): batch norm is
 * torchvision's addition, the paper predates it. Max pools round up (ceil mode), as in the paper's Caffe model.
 *
 * <p>An Inception module runs four branches on its input and concatenates their channels: 1×1; 1×1
 * bottleneck → 3×3; 1×1 bottleneck → "5×5"; 3×3 max pool (stride 1) → 1×1 projection. NOTE: torchvision's
 * "5×5" branch is a 3×3 convolution (a bug it keeps for its pretrained weights); we keep it too, for the same
 * parameter count (6,624,904 without the auxiliary classifiers) and parity with its models.
 *
 * <p>With {@code aux}, the two auxiliary classifiers (after 4a and 4d: average pool to 4×4, conv 1×1 128,
 * FC 1024, dropout 0.7, FC classes) are built (13,004,888 parameters in all); {@link #forward(Variable)}
 * returns only the main logits, {@link #forwardWithAux(Variable)} all three, whose losses are summed with
 * weight 0.3 for the auxiliary ones in the paper.
 *
 * <p>Shape: (N, C, H, W) → (N, classes), H and W ≥ 32 (224 for ImageNet).
 */
public final class GoogLeNet extends Sequential {
    /**
     * Table 1 after the stem: an Inception row {#1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj}, or a
     * max pool row {kernel} (stride 2, ceil mode).
     */
    private static final int[][] INCEPTIONS = {
        {64, 96, 128, 16, 32, 32}, {128, 128, 192, 32, 96, 64}, {3},
        {192, 96, 208, 16, 48, 64}, {160, 112, 224, 24, 64, 64}, {128, 128, 256, 24, 64, 64},
        {112, 144, 288, 32, 64, 64}, {256, 160, 320, 32, 128, 128}, {2},
        {256, 160, 320, 32, 128, 128}, {384, 192, 384, 48, 128, 128},
    };
    private static final double EPS = 0.001;
    /** Index in the layer list of Inception 4a and 4d, whose outputs feed the auxiliary classifiers. */
    private static final int AUX1_AFTER = 8;
    private static final int AUX2_AFTER = 11;

    private final Module aux1;
    private final Module aux2;

    /** The three outputs in training with auxiliary classifiers. */
    public record Outputs(Variable logits, Variable aux1, Variable aux2) {}

    private GoogLeNet(List<Module> layers, boolean aux, int classes, RandomGenerator rng) {
        super(layers);
        this.aux1 = aux ? registerModule("aux1", auxClassifier(512, classes, rng)) : null;
        this.aux2 = aux ? registerModule("aux2", auxClassifier(528, classes, rng)) : null;
    }

    public static GoogLeNet of(int channels, int classes, boolean aux, RandomGenerator rng) {
        List<Module> layers = new ArrayList<>(List.of(
                Layers.convBnRelu(channels, 64, 7, 2, 3, EPS, rng), new MaxPool2d(3, 2, 0, true),
                Layers.convBnRelu(64, 64, 1, 1, 0, EPS, rng), Layers.convBnRelu(64, 192, 3, 1, 1, EPS, rng), new MaxPool2d(3, 2, 0, true)));
        int in = 192;
        for (int[] row : INCEPTIONS) {
            if (row.length == 1) {
                layers.add(new MaxPool2d(row[0], 2, 0, true));
            } else {
                layers.add(inception(in, row, rng));
                in = row[0] + row[2] + row[4] + row[5];
            }
        }
        layers.addAll(List.of(new AdaptiveAvgPool2d(1), new Flatten(), new Dropout(0.2, rng), new Linear(in, classes, rng)));
        return new GoogLeNet(layers, aux, classes, rng);
    }

    /** An Inception module: the four branches of one table row, concatenated along the channels. */
    static Concat inception(int in, int[] row, RandomGenerator rng) {
        return new Concat(
                Layers.convBnRelu(in, row[0], 1, 1, 0, EPS, rng),
                new Sequential(Layers.convBnRelu(in, row[1], 1, 1, 0, EPS, rng), Layers.convBnRelu(row[1], row[2], 3, 1, 1, EPS, rng)),
                new Sequential(Layers.convBnRelu(in, row[3], 1, 1, 0, EPS, rng), Layers.convBnRelu(row[3], row[4], 3, 1, 1, EPS, rng)),
                new Sequential(new MaxPool2d(3, 1, 1, true), Layers.convBnRelu(in, row[5], 1, 1, 0, EPS, rng)));
    }

    private static Sequential auxClassifier(int in, int classes, RandomGenerator rng) {
        return new Sequential(new AdaptiveAvgPool2d(4), Layers.convBnRelu(in, 128, 1, 1, 0, EPS, rng), new Flatten(),
                new Linear(128 * 4 * 4, 1024, rng), new ReLU(), new Dropout(0.7, rng), new Linear(1024, classes, rng));
    }

    public boolean hasAux() { return aux1 != null; }

    /** Main logits and, when built with them, the auxiliary classifiers' logits (else null). */
    public Outputs forwardWithAux(Variable x) {
        Variable a1 = null;
        Variable a2 = null;
        for (int i = 0; i < size(); i++) {
            x = get(i).forward(x);
            if (aux1 != null && i == AUX1_AFTER) a1 = aux1.forward(x);
            if (aux2 != null && i == AUX2_AFTER) a2 = aux2.forward(x);
        }
        return new Outputs(x, a1, a2);
    }
}

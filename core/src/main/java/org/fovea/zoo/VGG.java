package org.fovea.zoo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.fovea.nn.AdaptiveAvgPool2d;
import org.fovea.nn.BatchNorm2d;
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
 * VGG (Simonyan & Zisserman 2015): the ConvNet configurations A, A-LRN, B, C, D and E of the paper's Table 1,
 * built from one table, with or without batch norm after each convolution (Ioffe & Szegedy 2015, as
 * torchvision's {@code vgg16_bn}).
 *
 * <p>Table tokens: a number is a 3×3 convolution (padding 1) with that many filters ("conv3-64"), "1x256" a 1×1
 * convolution (configuration C's "conv1-256"), "LRN" AlexNet's local response normalisation, "M" a 2×2 max
 * pool. Every convolution is followed by ReLU (after batch norm when present). The classifier is FC 4096 →
 * FC 4096 → FC classes with ReLU and dropout 0.5, after torchvision's adaptive average pooling to 7×7 (the
 * identity at 224×224, where the features are 7×7 already; smaller inputs are upsampled by it).
 *
 * <p>Parameters (1000 classes), equal to the paper's Table 2 (133, 133, 133, 134, 138, 144 million):
 * A 132,863,336; A-LRN 132,863,336; B 133,047,848; C 133,638,952; D 138,357,544; E 143,667,240. The layout is
 * torchvision's (features, avgpool, flatten, classifier), so its state-dict order maps 1:1 onto this model's.
 *
 * <p>Lecture 9's VGG-16 table ({@code fovea summary vgg16 --input 3x224x224}): CONV3-64 at 224² holds
 * 224·224·64 = 3,211,264 activations and (3·3·3)·64 = 1,728 weights; the first FC 7·7·512·4096 = 102,760,448
 * weights; 15.5G multiply-adds. The slide's "TOTAL memory: 24M" does not follow from its own rows: the input and
 * the CONV, POOL and FC outputs it lists sum to 15,237,608 activations, ≈ 15.2M floats ≈ 61 MB per image for the
 * forward pass (roughly twice that with the backward's gradients). Nor do the obvious variants reach 24M: counting
 * every ReLU output separately (an implementation that is not in place) gives 28.8M. We take 24M for an
 * arithmetic slip in the course notes the slide copies, and print the true sums. Fovea's {@code Summary} total
 * is larger than 15.2M because it also lists the ReLU, adaptive-pool, Flatten and Dropout outputs as rows.
 *
 * <p>Shape: (N, C, H, W) → (N, classes), H and W ≥ 32 (224 in the paper).
 */
public final class VGG extends Sequential {
    /** Table 1 of the paper, column by column. */
    public static final Map<String, String> CONFIGS = configs();

    private VGG(List<Module> layers) { super(layers); }

    /** Configuration "A", "A-LRN", "B", "C", "D" or "E" of the paper; VGG-16 is "D", VGG-19 is "E". */
    public static VGG of(String config, boolean batchNorm, int channels, int classes, RandomGenerator rng) {
        String table = CONFIGS.get(config);
        if (table == null) throw new IllegalArgumentException("VGG: unknown configuration '" + config + "'; known: " + CONFIGS.keySet());
        List<Module> features = new ArrayList<>();
        for (String token : table.split(" ")) {
            switch (token) {
                case "M" -> features.add(new MaxPool2d(2, 2));
                case "LRN" -> features.add(LocalResponseNorm.alexNet());
                default -> {
                    int kernel = token.startsWith("1x") ? 1 : 3;
                    int out = Integer.parseInt(kernel == 1 ? token.substring(2) : token);
                    features.add(new Conv2d(channels, out, kernel, 1, kernel / 2, rng));
                    if (batchNorm) features.add(new BatchNorm2d(out));
                    features.add(new ReLU());
                    channels = out;
                }
            }
        }
        Sequential classifier = new Sequential(new Linear(channels * 7 * 7, 4096, rng), new ReLU(), new Dropout(0.5, rng),
                new Linear(4096, 4096, rng), new ReLU(), new Dropout(0.5, rng), new Linear(4096, classes, rng));
        return new VGG(List.of(Layers.heInit(new Sequential(features), rng), new AdaptiveAvgPool2d(7), new Flatten(), classifier));
    }

    private static Map<String, String> configs() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("A", "64 M 128 M 256 256 M 512 512 M 512 512 M");
        c.put("A-LRN", "64 LRN M 128 M 256 256 M 512 512 M 512 512 M");
        c.put("B", "64 64 M 128 128 M 256 256 M 512 512 M 512 512 M");
        c.put("C", "64 64 M 128 128 M 256 256 1x256 M 512 512 1x512 M 512 512 1x512 M");
        c.put("D", "64 64 M 128 128 M 256 256 256 M 512 512 512 M 512 512 512 M");
        c.put("E", "64 64 M 128 128 M 256 256 256 256 M 512 512 512 512 M 512 512 512 512 M");
        return java.util.Collections.unmodifiableMap(c);
    }
}

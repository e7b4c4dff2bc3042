package org.fovea.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.fovea.nn.AdaptiveAvgPool2d;
import org.fovea.nn.BatchNorm2d;
import org.fovea.nn.Flatten;
import org.fovea.nn.Identity;
import org.fovea.nn.Linear;
import org.fovea.nn.MaxPool2d;
import org.fovea.nn.Module;
import org.fovea.nn.ReLU;
import org.fovea.nn.Residual;
import org.fovea.nn.Sequential;

/**
 * ResNet for ImageNet (He et al. 2016, Table 1), torchvision's layout: stem conv 7×7/2 (64) → BN → ReLU →
 * max pool 3×3/2 → four stages of 64, 128, 256, 512 planes (stride 2 from the second on) → global average
 * pool → FC. ResNet-18/34 stack basic blocks (two 3×3 convs), ResNet-50/101/152 bottlenecks (1×1 reduce → 3×3
 * → 1×1 expand ×4, the stride on the 3×3 as torchvision's "ResNet v1.5"). When a block changes the shape,
 * its shortcut is a projection, 1×1 conv (stride) + BN (option B of the paper).
 *
 * <p>Each block is {@code Sequential(Residual(body, shortcut), ReLU)}, body = conv-BN-ReLU-conv-BN(-ReLU-conv-BN);
 * the parameter order is torchvision's (conv1, bn1, conv2, bn2, [conv3, bn3,] downsample), so a torchvision
 * state dict maps 1:1 onto this model's in order.
 *
 * <p>Parameters (1000 classes): 18 → 11,689,512; 34 → 21,797,672; 50 → 25,557,032; 101 → 44,549,160;
 * 152 → 60,192,808. Shape: (N, C, H, W) → (N, classes), any H, W ≥ 32 (global pooling; 224 for ImageNet).
 */
public final class ResNet extends Sequential {
    /** Blocks per stage for each depth; depths below 50 use basic blocks. */
    public static final Map<Integer, int[]> DEPTHS = Map.of(
            18, new int[] {2, 2, 2, 2}, 34, new int[] {3, 4, 6, 3}, 50, new int[] {3, 4, 6, 3},
            101, new int[] {3, 4, 23, 3}, 152, new int[] {3, 8, 36, 3});
    private static final int[] PLANES = {64, 128, 256, 512};

    private ResNet(List<Module> layers) { super(layers); }

    public static ResNet resnet18(int classes, RandomGenerator rng) { return of(18, 3, classes, rng); }

    public static ResNet resnet50(int classes, RandomGenerator rng) { return of(50, 3, classes, rng); }

    /** ResNet-depth for inputs with the given channels; depth one of {@link #DEPTHS}' keys. */
    public static ResNet of(int depth, int channels, int classes, RandomGenerator rng) {
        int[] blocks = DEPTHS.get(depth);
        if (blocks == null) throw new IllegalArgumentException("ResNet: depth must be one of " + DEPTHS.keySet() + ", got " + depth);
        boolean bottleneck = depth >= 50;
        int expansion = bottleneck ? 4 : 1;
        List<Module> layers = new ArrayList<>(List.of(Layers.conv(channels, 64, 7, 2, 3, rng), new BatchNorm2d(64), new ReLU(),
                new MaxPool2d(3, 2, 1, false)));
        int in = 64;
        for (int stage = 0; stage < blocks.length; stage++) {
            List<Module> stageBlocks = new ArrayList<>();
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                int planes = PLANES[stage];
                stageBlocks.add(bottleneck ? bottleneck(in, planes, stride, rng) : basicBlock(in, planes, stride, projection(in, planes, stride, rng), rng));
                in = planes * expansion;
            }
            layers.add(new Sequential(stageBlocks));
        }
        layers.addAll(List.of(new AdaptiveAvgPool2d(1), new Flatten()));
        layers.add(new Linear(in, classes, rng));
        return Layers.heInit(new ResNet(layers), rng);
    }

    /** Two 3×3 convolutions, the first with the stride: conv-BN-ReLU-conv-BN, + shortcut, ReLU. */
    static Sequential basicBlock(int in, int planes, int stride, Module shortcut, RandomGenerator rng) {
        Sequential body = new Sequential(Layers.conv(in, planes, 3, stride, 1, rng), new BatchNorm2d(planes), new ReLU(),
                Layers.conv(planes, planes, 3, 1, 1, rng), new BatchNorm2d(planes));
        return new Sequential(new Residual(body, shortcut), new ReLU());
    }

    /** 1×1 reduce to planes → 3×3 (stride) → 1×1 expand to 4·planes, each followed by BN, + shortcut, ReLU. */
    static Sequential bottleneck(int in, int planes, int stride, RandomGenerator rng) {
        int out = planes * 4;
        Sequential body = new Sequential(Layers.conv(in, planes, 1, 1, 0, rng), new BatchNorm2d(planes), new ReLU(),
                Layers.conv(planes, planes, 3, stride, 1, rng), new BatchNorm2d(planes), new ReLU(),
                Layers.conv(planes, out, 1, 1, 0, rng), new BatchNorm2d(out));
        return new Sequential(new Residual(body, projection(in, out, stride, rng)), new ReLU());
    }

    /** The identity when the shape is kept, else 1×1 conv (stride) + BN (torchvision's "downsample"). */
    private static Module projection(int in, int out, int stride, RandomGenerator rng) {
        return stride == 1 && in == out ? new Identity() : Layers.convBn(in, out, 1, stride, 0, rng);
    }
}

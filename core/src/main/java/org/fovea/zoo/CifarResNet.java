package org.fovea.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.fovea.nn.AdaptiveAvgPool2d;
import org.fovea.nn.BatchNorm2d;
import org.fovea.nn.Flatten;
import org.fovea.nn.Identity;
import org.fovea.nn.Linear;
import org.fovea.nn.Module;
import org.fovea.nn.ReLU;
import org.fovea.nn.Sequential;

/**
 * The CIFAR-10 ResNets of He et al. 2016, §4.2: a 3×3 conv (16) → BN → ReLU, then three stages of n basic
 * blocks with 16, 32 and 64 filters on 32², 16² and 8² maps (the first block of stages 2 and 3 has stride 2),
 * global average pooling and an FC layer: 6n + 2 weighted layers, so depth 20, 32, 44, 56 or 110. Shortcuts
 * are identities, with option A ({@link ZeroPadShortcut}: subsampling and zero channels) where the shape
 * changes, so the shortcuts add no parameters: ResNet-20 has 269,722 (the paper's 0.27M), ResNet-110 1.7M.
 *
 * <p>Shape: (N, C, 32, 32) → (N, classes); other sizes work (global pooling).
 */
public final class CifarResNet extends Sequential {
    private static final int[] PLANES = {16, 32, 64};

    private CifarResNet(List<Module> layers) { super(layers); }

    /** depth = 6n + 2 with n ≥ 1 (the paper: 20, 32, 44, 56, 110). */
    public static CifarResNet of(int depth, int channels, int classes, RandomGenerator rng) {
        if (depth < 8 || (depth - 2) % 6 != 0) throw new IllegalArgumentException("CifarResNet: depth must be 6n + 2 (20, 32, 44, 56, 110), got " + depth);
        int n = (depth - 2) / 6;
        List<Module> layers = new ArrayList<>(List.of(Layers.conv(channels, 16, 3, 1, 1, rng), new BatchNorm2d(16), new ReLU()));
        int in = 16;
        for (int stage = 0; stage < PLANES.length; stage++) {
            List<Module> blocks = new ArrayList<>();
            for (int b = 0; b < n; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                int planes = PLANES[stage];
                Module shortcut = stride == 1 && in == planes ? new Identity() : new ZeroPadShortcut(in, planes, stride);
                blocks.add(ResNet.basicBlock(in, planes, stride, shortcut, rng));
                in = planes;
            }
            layers.add(new Sequential(blocks));
        }
        layers.addAll(List.of(new AdaptiveAvgPool2d(1), new Flatten(), new Linear(in, classes, rng)));
        return Layers.heInit(new CifarResNet(layers), rng);
    }
}

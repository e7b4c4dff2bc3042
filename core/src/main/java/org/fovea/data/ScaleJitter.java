package org.fovea.data;

import java.util.random.RandomGenerator;
import org.fovea.tensor.Tensor;

/**
 * Scale augmentation: resize so the shorter side is a random L ∈ [minSide, maxSide], keeping the aspect
 * ratio, then take a random crop × crop window (Simonyan and Zisserman 2015 §3.1; He et al. 2016 §3.4
 * use L ∈ [256, 480] and a 224 crop: {@code new ScaleJitter(256, 480, 224)}).
 *
 * <p>Shape: (C, H, W) → (C, crop, crop).
 */
public record ScaleJitter(int minSide, int maxSide, int crop) implements Transform {
    public ScaleJitter {
        if (crop <= 0 || minSide < crop || maxSide < minSide) {
            throw new IllegalArgumentException("ScaleJitter: need crop <= minSide <= maxSide, got [" + minSide + ", " + maxSide + "] and crop " + crop);
        }
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        int side = minSide + rng.nextInt(maxSide - minSide + 1);
        Tensor resized = resizeShorterSide(image, side);
        int top = rng.nextInt(resized.size(1) - crop + 1), left = rng.nextInt(resized.size(2) - crop + 1);
        return ImageOps.crop(resized, top, left, crop, crop);
    }

    /** Bilinear resize so that min(H, W) = side; the other side keeps the aspect ratio (rounded). */
    public static Tensor resizeShorterSide(Tensor image, int side) {
        int h = image.size(1), w = image.size(2);
        return h <= w ? ImageOps.resize(image, side, Math.max(side, Math.round((float) w * side / h)))
                : ImageOps.resize(image, Math.max(side, Math.round((float) h * side / w)), side);
    }
}

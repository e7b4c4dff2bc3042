package org.fovea.data;

import java.util.random.RandomGenerator;
import org.fovea.tensor.Tensor;

/**
 * A random (height, width) window of the image zero-padded by {@code padding} on every side
 * (the CIFAR recipe of He et al. 2016, §4.2: pad 4, random 32×32 crop).
 *
 * <p>Shape: (C, H, W) → (C, height, width).
 */
public record RandomCrop(int height, int width, int padding) implements Transform {
    public RandomCrop {
        if (height <= 0 || width <= 0 || padding < 0) throw new IllegalArgumentException("RandomCrop: need height, width > 0 and padding >= 0, got " + height + ", " + width + ", " + padding);
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        int h = image.size(1), w = image.size(2);
        int spanY = h + 2 * padding - height, spanX = w + 2 * padding - width;
        if (spanY < 0 || spanX < 0) {
            throw new IllegalArgumentException("RandomCrop: a " + height + "x" + width + " crop does not fit a " + h + "x" + w + " image padded by " + padding);
        }
        int top = rng.nextInt(spanY + 1) - padding, left = rng.nextInt(spanX + 1) - padding;
        return ImageOps.crop(image, top, left, height, width);
    }
}

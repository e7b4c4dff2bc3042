package org.fovea.data;

import java.util.random.RandomGenerator;
import org.fovea.tensor.Tensor;

/**
 * Mirrors the image left-right with probability p (as torchvision's RandomHorizontalFlip).
 *
 * <p>Shape: (C, H, W) → (C, H, W).
 */
public record HorizontalFlip(double p) implements Transform {
    public HorizontalFlip {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("HorizontalFlip: p must be in [0, 1], got " + p);
    }

    public HorizontalFlip() { this(0.5); }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        return rng.nextDouble() < p ? ImageOps.flipHorizontal(image) : image;
    }
}

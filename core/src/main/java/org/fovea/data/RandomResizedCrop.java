package org.fovea.data;

import java.util.random.RandomGenerator;
import org.fovea.tensor.Tensor;

/**
 * A crop of random area (a fraction in [minScale, maxScale] of the image) and aspect ratio (log-uniform
 * in [3/4, 4/3]) resized to size × size (Szegedy et al. 2015, "Going deeper with convolutions" §6; as
 * torchvision's RandomResizedCrop). After ten failed draws it falls back to the central square.
 *
 * <p>Shape: (C, H, W) → (C, size, size).
 */
public record RandomResizedCrop(int size, double minScale, double maxScale) implements Transform {
    public RandomResizedCrop {
        if (size <= 0 || !(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
            throw new IllegalArgumentException("RandomResizedCrop: need size > 0 and 0 < minScale <= maxScale <= 1, got " + size + ", " + minScale + ", " + maxScale);
        }
    }

    public RandomResizedCrop(int size) { this(size, 0.08, 1.0); }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        int h = image.size(1), w = image.size(2);
        for (int attempt = 0; attempt < 10; attempt++) {
            double area = h * w * (minScale + (maxScale - minScale) * rng.nextDouble());
            double ratio = Math.exp(Math.log(3.0 / 4) + (Math.log(4.0 / 3) - Math.log(3.0 / 4)) * rng.nextDouble());
            int cw = (int) Math.round(Math.sqrt(area * ratio)), ch = (int) Math.round(Math.sqrt(area / ratio));
            if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
                int top = rng.nextInt(h - ch + 1), left = rng.nextInt(w - cw + 1);
                return ImageOps.resize(ImageOps.crop(image, top, left, ch, cw), size, size);
            }
        }
        int s = Math.min(h, w);
        return ImageOps.resize(ImageOps.crop(image, (h - s) / 2, (w - s) / 2, s, s), size, size);
    }
}

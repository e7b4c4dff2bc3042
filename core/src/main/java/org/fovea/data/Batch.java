package org.fovea.data;

import org.fovea.tensor.Tensor;

/**
 * A mini-batch: images stacked along a new leading dimension and their class indices.
 *
 * <p>Shape: images (N, C, H, W); labels has N entries.
 */
public record Batch(Tensor images, int[] labels) {
    public Batch {
        if (images.dim() != 4 || images.size(0) != labels.length) {
            throw new IllegalArgumentException("Batch: images of shape " + java.util.Arrays.toString(images.shape())
                    + " do not match " + labels.length + " labels (want (N, C, H, W) with N = labels)");
        }
    }

    public int size() { return labels.length; }
}

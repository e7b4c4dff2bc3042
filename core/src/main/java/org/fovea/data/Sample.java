package org.fovea.data;

import org.fovea.tensor.Tensor;

/**
 * One image and its class index.
 *
 * <p>Shape: image (C, H, W), values scaled to [0, 1] unless a transform changed them.
 */
public record Sample(Tensor image, int label) {}

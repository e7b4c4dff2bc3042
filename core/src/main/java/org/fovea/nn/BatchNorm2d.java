package org.fovea.nn;

/** Spatial batch normalisation, statistics per channel over (N, H, W). Shape: (N, C, H, W) → same. */
public class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int channels) { this(channels, 1e-5, 0.1); }

    public BatchNorm2d(int channels, double eps, double momentum) { super(channels, eps, momentum, 4); }
}

package org.fovea.nn;

/** Batch normalisation of features. Shape: (N, C) or (N, C, L) → same. */
public class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int features) { this(features, 1e-5, 0.1); }

    public BatchNorm1d(int features, double eps, double momentum) { super(features, eps, momentum, 2); }
}

package org.fovea.nn;

import org.fovea.autograd.Variable;

/**
 * Local response normalisation across channels, PyTorch's definition (see {@link Norms#localResponseNorm}).
 * AlexNet's "NORM" layer is {@code new LocalResponseNorm(5, 5e-4, 0.75, 2)} here: the paper's α = 1e-4
 * multiplies the plain sum, PyTorch's α the mean over the window of n = 5. Shape: (N, C, H, W) → same.
 */
public class LocalResponseNorm extends Module {
    private final int size;
    private final double alpha;
    private final double beta;
    private final double k;

    public LocalResponseNorm(int size, double alpha, double beta, double k) {
        if (size < 1) throw new IllegalArgumentException("LocalResponseNorm: size must be >= 1, got " + size);
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    /** AlexNet's NORM: n = 5, α = 1e-4 (per the paper's sum, i.e. 5e-4 here), β = 0.75, k = 2. */
    public static LocalResponseNorm alexNet() { return new LocalResponseNorm(5, 5e-4, 0.75, 2); }

    @Override
    public Variable forward(Variable x) { return Norms.localResponseNorm(x, size, alpha, beta, k); }

    @Override
    protected String extraRepr() { return "size=" + size + ", alpha=" + alpha + ", beta=" + beta + ", k=" + k; }

    public int size() { return size; }

    public double alpha() { return alpha; }

    public double beta() { return beta; }

    public double k() { return k; }
}

package org.fovea.optim.schedule;

import org.fovea.optim.Optimizer;

/**
 * Exponential decay. CS231n notes write it α(t) = α₀ · e^(−k·t); PyTorch's {@code ExponentialLR} writes
 * α(t) = α₀ · γᵗ. They are the same schedule with γ = e^(−k): this class takes γ, and
 * {@link #withRate(Optimizer, double)} takes the lecture's k.
 */
public final class ExponentialLR extends LrScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super("ExponentialLR", optimizer);
        this.gamma = checkPositive("gamma", gamma);
    }

    /** The CS231n form α₀ · e^(−k·t), k ≥ 0. */
    public static ExponentialLR withRate(Optimizer optimizer, double k) {
        if (!(k >= 0) || Double.isInfinite(k)) throw new IllegalArgumentException("ExponentialLR: k must be in [0, ∞), got " + k);
        return new ExponentialLR(optimizer, Math.exp(-k));
    }

    public double gamma() { return gamma; }

    /** α(t) in closed form. */
    public double lrAt(int t) { return baseLr() * Math.pow(gamma, t); }

    @Override
    protected double next(int t, double metric) { return lrAt(t); }
}

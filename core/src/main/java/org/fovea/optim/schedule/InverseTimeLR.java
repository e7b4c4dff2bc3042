package org.fovea.optim.schedule;

import org.fovea.optim.Optimizer;

/** 1/t decay (CS231n notes, "Annealing the learning rate"): α(t) = α₀ / (1 + k·t). */
public final class InverseTimeLR extends LrScheduler {
    private final double k;

    public InverseTimeLR(Optimizer optimizer, double k) {
        super("InverseTimeLR", optimizer);
        this.k = checkNonNegative("k", k);
    }

    /** α(t) in closed form. */
    public double lrAt(int t) { return baseLr() / (1 + k * t); }

    @Override
    protected double next(int t, double metric) { return lrAt(t); }
}

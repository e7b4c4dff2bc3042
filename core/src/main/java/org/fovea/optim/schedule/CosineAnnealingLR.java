package org.fovea.optim.schedule;

import org.fovea.optim.Optimizer;

/**
 * Cosine annealing (Loshchilov &amp; Hutter 2017, SGDR, Eq. 5 without restarts;
 * {@code torch.optim.lr_scheduler.CosineAnnealingLR}):
 * α(t) = η_min + (α₀ − η_min) · (1 + cos(π·t / T_max)) / 2. It reaches η_min at t = T_max; past T_max the
 * cosine rises again, as PyTorch's does, so set T_max to the length of the run.
 */
public final class CosineAnnealingLR extends LrScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super("CosineAnnealingLR", optimizer);
        this.tMax = checkCount("tMax", tMax, 1);
        this.etaMin = checkNonNegative("etaMin", etaMin);
    }

    /** α(t) in closed form. */
    public double lrAt(int t) { return etaMin + (baseLr() - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2; }

    @Override
    protected double next(int t, double metric) { return lrAt(t); }
}

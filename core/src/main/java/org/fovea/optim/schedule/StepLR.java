package org.fovea.optim.schedule;

import org.fovea.optim.Optimizer;

/**
 * Step decay (CS231n notes, "Annealing the learning rate"; {@code torch.optim.lr_scheduler.StepLR}):
 * α(t) = α₀ · γ^⌊t / stepSize⌋, e.g. halve every 5 epochs, or divide by 10 every 30 (ResNet's recipe).
 */
public final class StepLR extends LrScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super("StepLR", optimizer);
        this.stepSize = checkCount("stepSize", stepSize, 1);
        this.gamma = checkPositive("gamma", gamma);
    }

    /** α(t) in closed form. */
    public double lrAt(int t) { return baseLr() * Math.pow(gamma, Math.floorDiv(t, stepSize)); }

    @Override
    protected double next(int t, double metric) { return lrAt(t); }
}

package org.fovea.optim.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fovea.optim.Optimizer;
import org.fovea.optim.StateDicts;
import org.fovea.tensor.Tensor;

/**
 * A learning-rate schedule (as {@code torch.optim.lr_scheduler}): it reads the optimiser's learning rate at
 * construction as the base rate α₀, and each {@link #step()} advances its counter t by one and sets the
 * optimiser's learning rate to α(t). Call {@code step()} once per epoch after the epoch's optimiser steps,
 * or once per iteration with every period counted in iterations (warm-up is often written that way).
 * Metric-driven schedules ({@link ReduceLROnPlateau}) take the validation metric through {@link #step(double)}.
 *
 * <p>{@link #stateDict()} / {@link #loadStateDict} save and restore t, α₀ and the schedule's own state
 * exactly (doubles stored with {@link StateDicts#exact}); as in PyTorch, the optimiser's learning rate itself
 * is restored by the optimiser's own state dict.
 */
public abstract class LrScheduler {
    private final String name;
    protected final Optimizer optimizer;
    private double baseLr;
    private int epoch;

    protected LrScheduler(String name, Optimizer optimizer) {
        if (optimizer == null) throw new IllegalArgumentException(name + ": optimizer is null");
        this.name = name;
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
    }

    /** The learning rate for counter value t ≥ 1, given the metric passed to {@code step} (NaN if none). */
    protected abstract double next(int t, double metric);

    /** Advances the schedule by one epoch (or iteration) and updates the optimiser's learning rate. */
    public void step() { step(Double.NaN); }

    /** Advances the schedule with the latest validation metric (ignored by schedules that do not use one). */
    public void step(double metric) {
        epoch++;
        optimizer.setLr(next(epoch, metric));
    }

    /** The number of {@code step} calls so far (PyTorch's {@code last_epoch}). */
    public int epoch() { return epoch; }

    /** α₀, the optimiser's learning rate when the schedule was made. */
    public double baseLr() { return baseLr; }

    /** The optimiser's current learning rate. */
    public double lr() { return optimizer.lr(); }

    public String name() { return name; }

    /** The schedule's state: "epoch", "base_lr" and whatever the schedule adds. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("epoch", StateDicts.exact(epoch));
        out.put("base_lr", StateDicts.exact(baseLr));
        saveExtra(out);
        return out;
    }

    public void loadStateDict(Map<String, Tensor> dict) {
        double e = StateDicts.exactValue(name, dict, "epoch");
        if (e < 0 || e != Math.rint(e)) throw new IllegalArgumentException(name + ".loadStateDict: epoch must be a count, got " + e);
        double b = StateDicts.exactValue(name, dict, "base_lr");
        loadExtra(dict);
        epoch = (int) e;
        baseLr = b;
    }

    /** Adds the schedule's own state; none by default. */
    protected void saveExtra(Map<String, Tensor> out) {}

    /** Restores what {@link #saveExtra} saved; none by default. */
    protected void loadExtra(Map<String, Tensor> dict) {}

    // ---- argument validation ----------------------------------------------------------------------

    protected final IllegalArgumentException rangeError(String arg, double value, String range) {
        return new IllegalArgumentException(name + ": " + arg + " must be in " + range + ", got " + value);
    }

    protected final int checkCount(String arg, int value, int min) {
        if (value < min) throw new IllegalArgumentException(name + ": " + arg + " must be in [" + min + ", ∞), got " + value);
        return value;
    }

    protected final double checkPositive(String arg, double value) {
        if (!(value > 0) || Double.isInfinite(value)) throw rangeError(arg, value, "(0, ∞)");
        return value;
    }

    protected final double checkNonNegative(String arg, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) throw rangeError(arg, value, "[0, ∞)");
        return value;
    }

    @Override
    public String toString() { return name + "(epoch=" + epoch + ", lr=" + lr() + ")"; }
}

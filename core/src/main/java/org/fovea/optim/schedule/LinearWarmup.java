package org.fovea.optim.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fovea.optim.Optimizer;
import org.fovea.tensor.Tensor;

/**
 * Linear warm-up wrapping another schedule (Goyal et al. 2017, "Accurate, Large Minibatch SGD", §2.2):
 * for t &lt; W, α(t) = α₀ · (f + (1 − f) · t / W) with start factor f; from t = W on, the wrapped schedule
 * runs with its own counter at t − W (the rate stays α₀ with the constructor that wraps none). The ramp is PyTorch's
 * {@code LinearLR(start_factor=f, total_iters=W)}.
 *
 * <p>Make the wrapped schedule first (it reads α₀ from the optimiser), then this one, which sets the
 * optimiser's rate to f·α₀ at once. Warm-up is usually counted in iterations: then call {@code step()}
 * after every batch and give the wrapped schedule its periods in iterations too.
 */
public final class LinearWarmup extends LrScheduler {
    private final int warmup;
    private final double startFactor;
    private final LrScheduler after;

    /**
     * @param warmup W, the number of steps of the ramp (≥ 1)
     * @param startFactor f ∈ (0, 1], the fraction of α₀ used at t = 0
     * @param after the schedule that takes over at t = W (made on the same optimiser just before this one)
     */
    public LinearWarmup(LrScheduler after, int warmup, double startFactor) {
        super("LinearWarmup", after == null ? null : after.optimizer);
        this.warmup = checkCount("warmup", warmup, 1);
        if (!(startFactor > 0 && startFactor <= 1)) throw rangeError("startFactor", startFactor, "(0, 1]");
        this.startFactor = startFactor;
        this.after = after;
        optimizer.setLr(baseLr() * startFactor);
    }

    /** Warm-up to a constant rate α₀ on the given optimiser. */
    public LinearWarmup(Optimizer optimizer, int warmup, double startFactor) {
        this(new Constant(optimizer), warmup, startFactor);
    }

    @Override
    protected double next(int t, double metric) {
        if (t < warmup) return baseLr() * (startFactor + (1 - startFactor) * t / warmup);
        if (t == warmup) return baseLr();
        after.step(metric);
        return optimizer.lr();
    }

    @Override
    protected void saveExtra(Map<String, Tensor> out) {
        after.stateDict().forEach((k, v) -> out.put("after." + k, v));
    }

    @Override
    protected void loadExtra(Map<String, Tensor> dict) {
        Map<String, Tensor> inner = new LinkedHashMap<>();
        dict.forEach((k, v) -> {
            if (k.startsWith("after.")) inner.put(k.substring("after.".length()), v);
        });
        after.loadStateDict(inner);
    }

    /** The rate α₀ for ever. */
    private static final class Constant extends LrScheduler {
        Constant(Optimizer optimizer) { super("Constant", optimizer); }

        @Override
        protected double next(int t, double metric) { return baseLr(); }
    }
}

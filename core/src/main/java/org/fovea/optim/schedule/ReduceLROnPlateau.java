package org.fovea.optim.schedule;

import java.util.Map;
import org.fovea.optim.Optimizer;
import org.fovea.optim.StateDicts;
import org.fovea.tensor.Tensor;

/**
 * Divides the learning rate when a validation metric stops improving (Krizhevsky et al. 2012, AlexNet §5:
 * "divide the learning rate by 10 when the validation error rate stopped improving";
 * {@code torch.optim.lr_scheduler.ReduceLROnPlateau} with relative threshold).
 *
 * <p>Call {@link #step(double)} once per epoch with the metric. A value improves on the best so far if it is
 * above best·(1 + threshold) in mode MAX (accuracy, the default) or below best·(1 − threshold) in mode MIN
 * (loss). When more than {@code patience} epochs in a row have not improved, lr ← max(lr·factor, minLr), and
 * the count restarts after {@code cooldown} epochs in which bad epochs are not counted.
 */
public final class ReduceLROnPlateau extends LrScheduler {
    /** Whether larger (accuracy) or smaller (loss) metric values are better. */
    public enum Mode { MAX, MIN }

    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final int cooldown;
    private final double minLr;
    private double best;
    private int badEpochs;
    private int cooldownLeft;

    /** Mode MAX (validation accuracy), factor 0.1, patience 10, threshold 1e-4, no cooldown, minLr 0. */
    public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, Mode.MAX, 0.1, 10); }

    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience) {
        this(optimizer, mode, factor, patience, 1e-4, 0, 0);
    }

    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double threshold, int cooldown,
            double minLr) {
        super("ReduceLROnPlateau", optimizer);
        if (mode == null) throw new IllegalArgumentException("ReduceLROnPlateau: mode must be MAX or MIN, got null");
        this.mode = mode;
        if (!(factor > 0 && factor < 1)) throw rangeError("factor", factor, "(0, 1)");
        this.factor = factor;
        this.patience = checkCount("patience", patience, 0);
        this.threshold = checkNonNegative("threshold", threshold);
        this.cooldown = checkCount("cooldown", cooldown, 0);
        this.minLr = checkNonNegative("minLr", minLr);
        this.best = mode == Mode.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /** The best metric seen so far. */
    public double best() { return best; }

    /** Epochs in a row without improvement. */
    public int badEpochs() { return badEpochs; }

    @Override
    protected double next(int t, double metric) {
        if (Double.isNaN(metric)) throw new IllegalArgumentException("ReduceLROnPlateau: step needs the validation metric, got NaN; call step(metric)");
        if (improves(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        double lr = optimizer.lr();
        if (badEpochs > patience) {
            double reduced = Math.max(lr * factor, minLr);
            // NOTE: PyTorch ignores reductions smaller than 1e-8, so a rate at minLr stays put.
            if (lr - reduced > 1e-8) lr = reduced;
            cooldownLeft = cooldown;
            badEpochs = 0;
        }
        return lr;
    }

    private boolean improves(double metric) {
        return mode == Mode.MAX ? metric > best * (1 + threshold) : metric < best * (1 - threshold);
    }

    @Override
    protected void saveExtra(Map<String, Tensor> out) {
        out.put("best", StateDicts.exact(best));
        out.put("num_bad_epochs", StateDicts.exact(badEpochs));
        out.put("cooldown_counter", StateDicts.exact(cooldownLeft));
    }

    @Override
    protected void loadExtra(Map<String, Tensor> dict) {
        best = StateDicts.exactValue(name(), dict, "best");
        badEpochs = (int) StateDicts.exactValue(name(), dict, "num_bad_epochs");
        cooldownLeft = (int) StateDicts.exactValue(name(), dict, "cooldown_counter");
    }
}

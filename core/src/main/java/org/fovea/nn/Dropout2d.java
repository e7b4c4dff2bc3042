package org.fovea.nn;

import java.util.random.RandomGenerator;
import org.fovea.autograd.Variable;

/** Drops whole channels with probability p (inverted scaling as {@link Dropout}). Shape: (N, C, H, W) → same. */
public class Dropout2d extends Module {
    private final double p;
    private final RandomGenerator rng;

    public Dropout2d(double p, RandomGenerator rng) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout2d: p (drop probability) must be in [0, 1], got " + p);
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Variable forward(Variable x) { return Functional.dropout(x, p, isTraining(), true, rng); }

    @Override
    protected String extraRepr() { return "p=" + p; }
}

package org.fovea.nn;

import java.util.random.RandomGenerator;
import org.fovea.autograd.Variable;

/**
 * Inverted dropout (Srivastava et al. 2014, as CS231n presents it). {@code p} is the probability of
 * DROPPING an element (PyTorch's convention; the lecture's p is the keep probability). Survivors are scaled
 * by 1/(1 − p) during training, so evaluation is the identity. Shape: any → same.
 */
public class Dropout extends Module {
    private final double p;
    private final RandomGenerator rng;

    public Dropout(double p, RandomGenerator rng) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout: p (drop probability) must be in [0, 1], got " + p);
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Variable forward(Variable x) { return Functional.dropout(x, p, isTraining(), false, rng); }

    @Override
    protected String extraRepr() { return "p=" + p; }
}

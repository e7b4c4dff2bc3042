package org.fovea.nn;

import java.util.random.RandomGenerator;
import org.fovea.autograd.Variable;

/**
 * Maxout unit (Goodfellow et al. 2013): k affine pieces per output, max over the pieces,
 * h_i = max_j (x·W_ijᵀ + b_ij). Shape: (N, in) → (N, out); the pieces are one Linear(in, out·k).
 */
public class Maxout extends Module {
    private final Linear pieces;
    private final int k;

    public Maxout(int in, int out, int k, RandomGenerator rng) {
        if (k < 1) throw new IllegalArgumentException("Maxout: need at least one piece, got k=" + k);
        this.k = k;
        this.pieces = registerModule("pieces", new Linear(in, out * k, rng));
    }

    @Override
    public Variable forward(Variable x) { return Activations.maxout(pieces.forward(x), k); }

    @Override
    protected String extraRepr() { return "k=" + k; }
}

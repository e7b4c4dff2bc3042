package org.fovea.nn;

import org.fovea.autograd.Variable;

/** Merges all dimensions from startDim on (default 1). Shape: (N, C, H, W) → (N, C·H·W). */
public class Flatten extends Module {
    private final int startDim;

    public Flatten() { this(1); }

    public Flatten(int startDim) { this.startDim = startDim; }

    @Override
    public Variable forward(Variable x) { return x.flatten(startDim); }

    public int startDim() { return startDim; }
}

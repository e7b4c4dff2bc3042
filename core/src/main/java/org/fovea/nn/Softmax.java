package org.fovea.nn;

import org.fovea.autograd.Variable;

/** e^{x_i} / Σ_j e^{x_j} along a dimension (default 1), computed stably. Shape: any → same. */
public class Softmax extends Module {
    private final int dim;

    public Softmax() { this(1); }

    public Softmax(int dim) { this.dim = dim; }

    @Override
    public Variable forward(Variable x) { return x.softmax(dim); }

    public int dim() { return dim; }
}

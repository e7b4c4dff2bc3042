package org.fovea.nn;

import org.fovea.autograd.Variable;

/** x_i − log Σ_j e^{x_j} along a dimension (default 1), computed stably. Shape: any → same. */
public class LogSoftmax extends Module {
    private final int dim;

    public LogSoftmax() { this(1); }

    public LogSoftmax(int dim) { this.dim = dim; }

    @Override
    public Variable forward(Variable x) { return x.logSoftmax(dim); }

    public int dim() { return dim; }
}

package org.fovea.nn;

import java.util.random.RandomGenerator;
import org.fovea.autograd.Variable;

/** Fully connected layer y = x·Wᵀ + b. Shape: (N, in) → (N, out); weight (out, in), bias (out). */
public class Linear extends Module {
    private final int in;
    private final int out;
    private final Variable weight;
    private final Variable bias;

    public Linear(int in, int out, RandomGenerator rng) { this(in, out, true, rng); }

    public Linear(int in, int out, boolean bias, RandomGenerator rng) {
        if (in < 1 || out < 1) throw new IllegalArgumentException("Linear: features must be positive, got in=" + in + ", out=" + out);
        this.in = in;
        this.out = out;
        this.weight = registerParameter("weight", DefaultInit.weight(rng, out, in));
        this.bias = bias ? registerParameter("bias", DefaultInit.bias(rng, in, out)) : null;
    }

    @Override
    public Variable forward(Variable x) {
        if (x.dim() != 2 || x.size(1) != in) {
            throw new IllegalArgumentException("Linear(" + in + ", " + out + "): expects input (N, " + in + "), got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        return Functional.linear(x, weight, bias);
    }

    public Variable weight() { return weight; }
    public Variable bias() { return bias; }

    @Override
    protected String extraRepr() { return "in=" + in + ", out=" + out + ", bias=" + (bias != null); }
}

package org.fovea.nn;

import org.fovea.autograd.Variable;

/** x for x &gt; 0, slope·x otherwise (default slope 0.01). Shape: any → same. */
public class LeakyReLU extends Module {
    private final float slope;

    public LeakyReLU() { this(0.01f); }

    public LeakyReLU(float slope) { this.slope = slope; }

    @Override
    public Variable forward(Variable x) { return Activations.leakyRelu(x, slope); }

    @Override
    protected String extraRepr() { return "slope=" + slope; }

    public float slope() { return slope; }
}

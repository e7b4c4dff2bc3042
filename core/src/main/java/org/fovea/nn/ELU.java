package org.fovea.nn;

import org.fovea.autograd.Variable;

/** x for x &gt; 0, α(eˣ − 1) otherwise (Clevert et al. 2016; default α = 1). Shape: any → same. */
public class ELU extends Module {
    private final float alpha;

    public ELU() { this(1f); }

    public ELU(float alpha) { this.alpha = alpha; }

    @Override
    public Variable forward(Variable x) { return Activations.elu(x, alpha); }

    @Override
    protected String extraRepr() { return "alpha=" + alpha; }

    public float alpha() { return alpha; }
}

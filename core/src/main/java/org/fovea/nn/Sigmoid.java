package org.fovea.nn;

import org.fovea.autograd.Variable;

/** σ(x) = 1 / (1 + e⁻ˣ). Shape: any → same. */
public class Sigmoid extends Module {
    @Override
    public Variable forward(Variable x) { return x.sigmoid(); }
}

package org.fovea.nn;

import org.fovea.autograd.Variable;

/** max(0, x). Shape: any → same. */
public class ReLU extends Module {
    @Override
    public Variable forward(Variable x) { return x.relu(); }
}

package org.fovea.nn;

import org.fovea.autograd.Variable;

/** Returns its input (a placeholder, e.g. for a removed classifier head). Shape: any → same. */
public class Identity extends Module {
    @Override
    public Variable forward(Variable x) { return x; }
}

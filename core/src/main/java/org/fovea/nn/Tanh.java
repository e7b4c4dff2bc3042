package org.fovea.nn;

import org.fovea.autograd.Variable;

/** tanh(x). Shape: any → same. */
public class Tanh extends Module {
    @Override
    public Variable forward(Variable x) { return x.tanh(); }
}

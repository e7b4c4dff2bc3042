package org.fovea.nn;

import java.util.List;
import org.fovea.autograd.Variable;

/**
 * Runs branches on the same input and concatenates their outputs along the channels (dimension 1), as an
 * Inception module does (Szegedy et al. 2015). Shape: (N, C, H, W) → (N, Σ C_branch, H, W).
 */
public class Concat extends Module {
    private final List<Module> branches;

    public Concat(Module... branches) {
        this.branches = List.of(branches);
        for (int i = 0; i < branches.length; i++) registerModule(Integer.toString(i), branches[i]);
    }

    @Override
    public Variable forward(Variable x) {
        Variable[] outs = new Variable[branches.size()];
        for (int i = 0; i < outs.length; i++) outs[i] = branches.get(i).forward(x);
        return Variable.concat(1, outs);
    }
}

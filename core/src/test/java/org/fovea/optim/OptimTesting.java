package org.fovea.optim;

import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/** Small helpers shared by the optimiser tests. */
final class OptimTesting {
    private OptimTesting() {}

    static Variable param(float... values) { return Variable.param(Tensor.of(values, values.length)); }

    /** Replaces p's gradient by exactly g, through a real backward pass: d(Σ p·g)/dp = g. */
    static void setGrad(Variable p, float... g) {
        p.zeroGrad();
        p.mul(Variable.of(Tensor.of(g, p.shape()))).sum().backward();
    }

    static float[] values(Variable p) { return p.data().toArray(); }
}

package org.fovea.nn;

import org.fovea.autograd.Variable;

/** Activations composed from Variable ops (sigmoid, tanh and relu are Variable ops themselves). */
public final class Activations {
    private Activations() {}

    /** x for x > 0, slope·x otherwise. */
    public static Variable leakyRelu(Variable x, float slope) {
        return Variable.where(x.data().gt(0f), x, x.mul(slope));
    }

    /** x for x > 0, α(eˣ − 1) otherwise (Clevert et al. 2016). */
    public static Variable elu(Variable x, float alpha) {
        // NOTE: exp of min(x, 0), not of x: the unused branch would overflow for large x and its 0·∞ gradient is NaN.
        Variable negative = x.minimum(Variable.of(org.fovea.tensor.Tensor.scalar(0f))).exp().sub(1f).mul(alpha);
        return Variable.where(x.data().gt(0f), x, negative);
    }

    /**
     * max(0, x) + a·min(0, x) with a learned slope a, one per channel (dimension 1) or a single one.
     * Shape: x (N, C, …), a (C) or (1).
     */
    public static Variable prelu(Variable x, Variable a) {
        int[] shape = new int[x.dim()];
        java.util.Arrays.fill(shape, 1);
        if (a.numel() > 1) shape[1] = a.numel();
        return x.relu().sub(x.neg().relu().mul(a.reshape(shape)));
    }

    /**
     * Maxout over groups of k consecutive features of dimension 1 (Goodfellow et al. 2013).
     * Shape: (N, F·k, …) → (N, F, …).
     */
    public static Variable maxout(Variable x, int pieces) {
        int[] s = x.shape();
        if (s.length < 2 || s[1] % pieces != 0) {
            throw new IllegalArgumentException("maxout: " + pieces + " pieces do not divide dimension 1 of shape " + java.util.Arrays.toString(s));
        }
        int[] grouped = new int[s.length + 1];
        grouped[0] = s[0];
        grouped[1] = s[1] / pieces;
        grouped[2] = pieces;
        System.arraycopy(s, 2, grouped, 3, s.length - 2);
        return x.reshape(grouped).max(2, false);
    }
}

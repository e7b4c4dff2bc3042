package org.fovea.nn;

import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Parametric ReLU (He et al. 2015): max(0, x) + a·min(0, x) with a learned slope per channel (or one
 * shared), initialised to 0.25. Shape: (N, C, …) → same.
 */
public class PReLU extends Module {
    private final Variable weight;

    public PReLU() { this(1, 0.25f); }

    public PReLU(int channels, float init) {
        if (channels < 1) throw new IllegalArgumentException("PReLU: channels must be >= 1, got " + channels);
        this.weight = registerParameter("weight", Tensor.full(init, channels));
    }

    @Override
    public Variable forward(Variable x) {
        if (weight.numel() > 1 && (x.dim() < 2 || x.size(1) != weight.numel())) {
            throw new IllegalArgumentException("PReLU(" + weight.numel() + "): input of shape " + java.util.Arrays.toString(x.shape())
                    + " does not have " + weight.numel() + " channels in dimension 1");
        }
        return Activations.prelu(x, weight);
    }

    public Variable weight() { return weight; }
}

package org.fovea.rnn;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.fovea.autograd.Variable;
import org.fovea.init.Init;
import org.fovea.nn.Functional;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;

/**
 * 1-D convolution over time (torch.nn.Conv1d), the building block of text CNNs (Kim 2014). Runs the 2-D
 * convolution kernels on (N, C, 1, L) with a (1, K) filter: one code path for both, and its backward.
 * Initialised as PyTorch (weight and bias from U(±1/√(C/groups·K))).
 * Shape: (N, in, L) → (N, out, (L + 2P − D(K − 1) − 1)/S + 1); weight (out, in/groups, K), bias (out).
 */
public class Conv1d extends Module {
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    private final Variable weight;
    private final Variable bias;

    public Conv1d(int in, int out, int kernel, RandomGenerator rng) { this(in, out, kernel, 1, 0, 1, 1, true, rng); }

    public Conv1d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias, RandomGenerator rng) {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1 || groups < 1
                || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("Conv1d: invalid configuration in=" + in + ", out=" + out + ", kernel=" + kernel
                    + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation + ", groups=" + groups
                    + " (sizes >= 1, padding >= 0, groups dividing in and out)");
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        double bound = 1 / Math.sqrt((double) in / groups * kernel);
        this.weight = registerParameter("weight", Init.uniform(Tensor.zeros(out, in / groups, kernel), -bound, bound, rng));
        this.bias = bias ? registerParameter("bias", Init.uniform(Tensor.zeros(out), -bound, bound, rng)) : null;
    }

    @Override
    public Variable forward(Variable x) { return conv1d("Conv1d(" + extraRepr() + ")", x, weight, bias, stride, padding, dilation, groups); }

    /** The functional form. Shape: x (N, C, L), weight (K_out, C/groups, K), bias (K_out) or null. */
    public static Variable conv1d(String layer, Variable x, Variable weight, Variable bias, int stride, int padding, int dilation, int groups) {
        if (x.dim() != 3) throw new IllegalArgumentException(layer + ": expects input (N, C, L), got shape " + Arrays.toString(x.shape()));
        int[] w = weight.shape();
        Variable x4 = x.unsqueeze(2);
        Variable w4 = weight.reshape(w[0], w[1], 1, w[2]);
        Variable y;
        try {
            y = Functional.conv2d(layer, x4, w4, bias, new int[] {1, stride}, new int[] {0, padding}, new int[] {1, dilation}, groups);
        } catch (IllegalArgumentException e) {
            // The 2-D kernels describe the problem in (N, C, 1, L) terms; restate it in the caller's shapes.
            throw new IllegalArgumentException(layer + ": input of shape " + Arrays.toString(x.shape()) + " does not fit weight of shape "
                    + Arrays.toString(w) + " (" + e.getMessage() + ")", e);
        }
        return y.squeeze(2);
    }

    public Variable weight() { return weight; }
    public Variable bias() { return bias; }

    @Override
    protected String extraRepr() {
        return in + ", " + out + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding
                + (dilation != 1 ? ", dilation=" + dilation : "") + (groups != 1 ? ", groups=" + groups : "")
                + (bias == null ? ", bias=false" : "");
    }
}

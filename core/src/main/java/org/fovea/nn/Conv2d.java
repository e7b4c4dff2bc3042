package org.fovea.nn;

import java.util.random.RandomGenerator;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * 2-D convolution layer. Shape: (N, in, H, W) → (N, out, (H + 2P − D(F−1) − 1)/S + 1, …);
 * weight (out, in/groups, F, F), bias (out).
 */
public class Conv2d extends Module {
    private final int in;
    private final int out;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;
    private final Variable weight;
    private final Variable bias;

    public Conv2d(int in, int out, int kernel, RandomGenerator rng) { this(in, out, kernel, 1, 0, rng); }

    public Conv2d(int in, int out, int kernel, int stride, int padding, RandomGenerator rng) {
        this(in, out, kernel, stride, padding, 1, 1, true, rng);
    }

    public Conv2d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias,
                  RandomGenerator rng) {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1 || groups < 1
                || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("Conv2d: invalid configuration in=" + in + ", out=" + out + ", kernel=" + kernel
                    + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation + ", groups=" + groups
                    + " (sizes >= 1, padding >= 0, groups dividing in and out)");
        }
        this.in = in;
        this.out = out;
        this.kernel = new int[] {kernel, kernel};
        this.stride = new int[] {stride, stride};
        this.padding = new int[] {padding, padding};
        this.dilation = new int[] {dilation, dilation};
        this.groups = groups;
        int fanIn = in / groups * kernel * kernel;
        this.weight = registerParameter("weight", DefaultInit.weight(rng, out, in / groups, kernel, kernel));
        this.bias = bias ? registerParameter("bias", DefaultInit.bias(rng, fanIn, out)) : null;
    }

    @Override
    public Variable forward(Variable x) {
        return Functional.conv2d("Conv2d(" + extraRepr() + ")", x, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * This convolution followed by bn in evaluation mode, as one convolution with folded parameters: weights
     * W·scale and bias b·scale + shift per output channel, with the scale and shift that {@link Norms} evaluates
     * bn with. One pass over the output instead of two; equal up to float rounding. Used by {@link Sequential}
     * when nothing records a graph ({@link #foldsInto}).
     * NOTE: ResNet-20 inference at batch 256 spent about 15 % of its time in the separate batch-norm passes.
     */
    Variable forwardFolded(Variable x, BatchNorm2d bn) {
        Tensor w = weight.data();
        float[] folded = w.contiguous().toArray();
        Norms.EvalAffine affine = Norms.evalAffine(bn.weight(), bn.bias(), bn.runningMean(), bn.runningVar(), bn.eps());
        float[] scale = affine.scale(), shift = affine.shift();
        float[] b = bias == null ? null : bias.data().contiguous().toArray();
        float[] foldedBias = new float[out];
        int per = folded.length / out;
        for (int k = 0; k < out; k++) {
            for (int j = k * per; j < (k + 1) * per; j++) folded[j] *= scale[k];
            foldedBias[k] = (b == null ? 0f : b[k]) * scale[k] + shift[k];
        }
        return Functional.conv2d("Conv2d(" + extraRepr() + ") + BatchNorm2d(" + bn.features() + ")", x, Variable.of(Tensor.wrap(folded, w.shape())),
                Variable.of(Tensor.wrap(foldedBias, out)), stride, padding, dilation, groups);
    }

    /** True when this convolution and bn can run as {@link #forwardFolded}: no graph recorded, bn evaluating, sizes agree. */
    boolean foldsInto(Module next) {
        return next instanceof BatchNorm2d bn && next.getClass() == BatchNorm2d.class && getClass() == Conv2d.class
                && !bn.isTraining() && bn.features() == out && !org.fovea.autograd.GradMode.isEnabled();
    }

    public Variable weight() { return weight; }
    public Variable bias() { return bias; }

    @Override
    protected String extraRepr() {
        return in + ", " + out + ", kernel=" + kernel[0] + ", stride=" + stride[0] + ", padding=" + padding[0]
                + (dilation[0] != 1 ? ", dilation=" + dilation[0] : "") + (groups != 1 ? ", groups=" + groups : "")
                + (bias == null ? ", bias=false" : "");
    }

    /** Stride, padding and dilation as {height, width}, and the number of groups (for exporters). */
    public int[] stride() { return stride.clone(); }

    public int[] padding() { return padding.clone(); }

    public int[] dilation() { return dilation.clone(); }

    public int groups() { return groups; }
}

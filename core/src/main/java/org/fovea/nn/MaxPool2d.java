package org.fovea.nn;

import org.fovea.autograd.Variable;

/** Max pooling. Shape: (N, C, H, W) → (N, C, (H + 2P − F)/S + 1, …) (ceil instead of floor in ceil mode). */
public class MaxPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean ceilMode;

    /** Window F, stride F (non-overlapping), as PyTorch's default. */
    public MaxPool2d(int kernel) { this(kernel, kernel, 0, false); }

    public MaxPool2d(int kernel, int stride) { this(kernel, stride, 0, false); }

    public MaxPool2d(int kernel, int stride, int padding, boolean ceilMode) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
    }

    @Override
    public Variable forward(Variable x) {
        return Functional.maxPool2d("MaxPool2d(" + extraRepr() + ")", x, new int[] {kernel, kernel}, new int[] {stride, stride},
                new int[] {padding, padding}, ceilMode);
    }

    @Override
    protected String extraRepr() {
        return "kernel=" + kernel + ", stride=" + stride + (padding > 0 ? ", padding=" + padding : "") + (ceilMode ? ", ceilMode" : "");
    }

    public int kernel() { return kernel; }

    public int stride() { return stride; }

    public int padding() { return padding; }

    public boolean ceilMode() { return ceilMode; }
}

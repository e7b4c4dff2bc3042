package org.fovea.nn;

import org.fovea.autograd.Variable;

/**
 * Average pooling. Shape: (N, C, H, W) → (N, C, (H + 2P − F)/S + 1, …). With countIncludePad (PyTorch's
 * default) padded zeros count in the divisor.
 */
public class AvgPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;

    public AvgPool2d(int kernel) { this(kernel, kernel, 0, false, true); }

    public AvgPool2d(int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Variable forward(Variable x) {
        return Functional.avgPool2d("AvgPool2d(" + extraRepr() + ")", x, new int[] {kernel, kernel}, new int[] {stride, stride},
                new int[] {padding, padding}, ceilMode, countIncludePad);
    }

    @Override
    protected String extraRepr() {
        return "kernel=" + kernel + ", stride=" + stride + (padding > 0 ? ", padding=" + padding : "") + (ceilMode ? ", ceilMode" : "");
    }

    public int kernel() { return kernel; }

    public int stride() { return stride; }

    public int padding() { return padding; }

    public boolean ceilMode() { return ceilMode; }

    public boolean countIncludePad() { return countIncludePad; }
}

package org.fovea.kernel;

/**
 * The sizes of one 2-D convolution, NCHW: input (n, c, h, w), weight (k, c / groups, r, s), output
 * (n, k, outH, outW) with outH = (h + 2·padH − dilationH·(r − 1) − 1) / strideH + 1 (CS231n's (H + 2P − F)/S + 1
 * with dilation). Validated on construction; errors show the formula with the actual numbers.
 */
public record ConvGeometry(int n, int c, int h, int w, int k, int r, int s,
                           int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
    public ConvGeometry {
        if (n < 0 || c < 1 || h < 1 || w < 1 || k < 1 || r < 1 || s < 1) {
            throw new IllegalArgumentException("conv2d: sizes must be positive: input (" + n + ", " + c + ", " + h + ", " + w
                    + "), weight (" + k + ", " + c + "/" + groups + ", " + r + ", " + s + ")");
        }
        if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0 || dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("conv2d: stride and dilation must be >= 1 and padding >= 0, got stride ("
                    + strideH + ", " + strideW + "), padding (" + padH + ", " + padW + "), dilation (" + dilationH + ", " + dilationW + ")");
        }
        if (groups < 1 || c % groups != 0 || k % groups != 0) {
            throw new IllegalArgumentException("conv2d: " + groups + " groups must divide both the " + c
                    + " input channels and the " + k + " output channels");
        }
        checkOutput("height", h, padH, dilationH, r, strideH);
        checkOutput("width", w, padW, dilationW, s, strideW);
    }

    private static void checkOutput(String what, int size, int pad, int dilation, int kernel, int stride) {
        int span = dilation * (kernel - 1) + 1;
        int room = size + 2 * pad - span;
        if (room < 0) {
            throw new IllegalArgumentException("conv2d: output " + what + " (H + 2P - F)/S + 1 = (" + size + " + 2*" + pad
                    + " - " + span + ")/" + stride + " + 1 is not positive: the kernel is larger than the padded input");
        }
    }

    public static ConvGeometry of(int n, int c, int h, int w, int k, int r, int s, int stride, int pad) {
        return new ConvGeometry(n, c, h, w, k, r, s, stride, stride, pad, pad, 1, 1, 1);
    }

    public int outH() { return (h + 2 * padH - dilationH * (r - 1) - 1) / strideH + 1; }
    public int outW() { return (w + 2 * padW - dilationW * (s - 1) - 1) / strideW + 1; }
    /** Input channels per group. */
    public int cg() { return c / groups; }
    /** Output channels per group. */
    public int kg() { return k / groups; }
    /** Rows of the im2col matrix of one group: cg · r · s. */
    public int patch() { return cg() * r * s; }
    public int inputSize() { return n * c * h * w; }
    public int weightSize() { return k * cg() * r * s; }
    public int outputSize() { return n * k * outH() * outW(); }
    /** Multiply-accumulates of the forward pass. */
    public long macs() { return (long) n * k * outH() * outW() * patch(); }
    /** True when im2col would copy the input unchanged (1×1, stride 1, no padding). */
    boolean isPointwise() { return r == 1 && s == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0; }
}

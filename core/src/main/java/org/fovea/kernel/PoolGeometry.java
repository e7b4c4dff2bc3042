package org.fovea.kernel;

/**
 * The sizes of one 2-D pooling, NCHW: input (n, c, h, w), window (kh, kw), output (n, c, outH, outW) with
 * outH = ⌊(h + 2·padH − kh) / strideH⌋ + 1, or ⌈…⌉ + 1 in ceil mode where, as in PyTorch, a last window that
 * would start inside the right padding is dropped.
 */
public record PoolGeometry(int n, int c, int h, int w, int kh, int kw, int strideH, int strideW,
                           int padH, int padW, boolean ceilMode) {
    public PoolGeometry {
        if (n < 0 || c < 1 || h < 1 || w < 1 || kh < 1 || kw < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("pool2d: sizes, window and stride must be positive and padding >= 0: input ("
                    + n + ", " + c + ", " + h + ", " + w + "), window (" + kh + ", " + kw + "), stride (" + strideH + ", "
                    + strideW + "), padding (" + padH + ", " + padW + ")");
        }
        if (2 * padH > kh || 2 * padW > kw) {
            throw new IllegalArgumentException("pool2d: padding (" + padH + ", " + padW + ") must be at most half the window ("
                    + kh + ", " + kw + ")");
        }
        if (h + 2 * padH < kh || w + 2 * padW < kw) {
            throw new IllegalArgumentException("pool2d: output size (H + 2P - F)/S + 1 = (" + h + " + 2*" + padH + " - " + kh + ")/"
                    + strideH + " + 1 is not positive: the window is larger than the padded input (" + h + "x" + w + ")");
        }
    }

    public static PoolGeometry of(int n, int c, int h, int w, int kernel, int stride) {
        return new PoolGeometry(n, c, h, w, kernel, kernel, stride, stride, 0, 0, false);
    }

    public int outH() { return outSize(h, kh, strideH, padH); }
    public int outW() { return outSize(w, kw, strideW, padW); }

    private int outSize(int size, int k, int stride, int pad) {
        int span = size + 2 * pad - k;
        int out = (ceilMode ? Math.ceilDiv(span, stride) : span / stride) + 1;
        if (ceilMode && (out - 1) * stride >= size + pad) out--;
        return out;
    }

    public int inputSize() { return n * c * h * w; }
    public int outputSize() { return n * c * outH() * outW(); }
}

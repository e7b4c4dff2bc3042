package org.fovea.kernel;

/**
 * 2-D convolution (cross-correlation, as every framework computes it) by im2col + SGEMM, NCHW.
 * Images are spread over the thread pool; each thread unfolds its image a block of output rows at a time
 * into a reused scratch buffer of at most {@link #COLS_BUDGET} floats, so memory stays bounded for any
 * image size. A 1×1 stride-1 unpadded convolution skips im2col (the input already is the matrix).
 * {@link Conv2dReference} is the direct seven-loop twin used as the test oracle.
 */
public final class Conv2d {
    /** Upper bound on one thread's im2col buffer, in floats (16 MB). */
    static final int COLS_BUDGET = 4 << 20;

    private Conv2d() {}

    /**
     * out = conv(x, weight) + bias.
     * x is (n, c, h, w), weight (k, c/groups, r, s), bias (k) or null, out (n, k, outH, outW); all contiguous.
     */
    public static void conv2dForward(ConvGeometry g, float[] x, float[] weight, float[] bias, float[] out) {
        conv2dForward(g, x, weight, bias, out, COLS_BUDGET);
    }

    /** As above with an explicit im2col budget in floats (tests use a tiny one to exercise row blocks). */
    static void conv2dForward(ConvGeometry g, float[] x, float[] weight, float[] bias, float[] out, int colsBudget) {
        int hw = g.outH() * g.outW();
        int rowBlock = rowBlock(g, colsBudget);
        Parallel.parallelFor(g.n(), (lo, hi) -> {
            float[] cols = g.isPointwise() ? null : Scratch.get(Scratch.COLS, g.patch() * rowBlock * g.outW());
            for (int img = lo; img < hi; img++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    int xOff = (img * g.c() + grp * g.cg()) * g.h() * g.w();
                    int outOff = (img * g.k() + grp * g.kg()) * hw;
                    int wOff = grp * g.kg() * g.patch();
                    if (cols == null) {
                        // out_g (kg, hw) = W_g (kg, cg) · x_g (cg, hw)
                        Sgemm.sgemm(false, false, g.kg(), hw, g.cg(), 1f, weight, wOff, g.patch(), x, xOff, hw, 0f, out, outOff, hw);
                        continue;
                    }
                    for (int oy0 = 0; oy0 < g.outH(); oy0 += rowBlock) {
                        int oy1 = Math.min(g.outH(), oy0 + rowBlock);
                        int width = (oy1 - oy0) * g.outW();
                        Im2col.im2col(g, x, xOff, oy0, oy1, cols);
                        // out_g[:, block] (kg, width; ld hw) = W_g (kg, patch) · cols (patch, width)
                        Sgemm.sgemm(false, false, g.kg(), width, g.patch(), 1f, weight, wOff, g.patch(),
                                cols, 0, width, 0f, out, outOff + oy0 * g.outW(), hw);
                    }
                }
                if (bias != null) addBias(out, img, g.k(), hw, bias);
            }
        });
    }

    /**
     * Gradients of {@link #conv2dForward}: dX = conv-transpose(dOut, weight), dWeight += dOut ⋆ x,
     * dBias += Σ dOut. dX is overwritten (it may be null when the input needs no gradient); dWeight and dBias
     * are accumulated into (either may be null). Shapes as in the forward pass; dOut is (n, k, outH, outW).
     */
    public static void conv2dBackward(ConvGeometry g, float[] x, float[] weight, float[] dOut,
                                      float[] dX, float[] dWeight, float[] dBias) {
        conv2dBackward(g, x, weight, dOut, dX, dWeight, dBias, COLS_BUDGET);
    }

    static void conv2dBackward(ConvGeometry g, float[] x, float[] weight, float[] dOut,
                               float[] dX, float[] dWeight, float[] dBias, int colsBudget) {
        int hw = g.outH() * g.outW();
        int rowBlock = rowBlock(g, colsBudget);
        java.util.TreeMap<Integer, float[][]> partials = new java.util.TreeMap<>();
        if (dX != null) java.util.Arrays.fill(dX, 0, g.inputSize(), 0f);
        Parallel.parallelFor(g.n(), (lo, hi) -> {
            float[] cols = Scratch.get(Scratch.COLS, g.patch() * rowBlock * g.outW());
            float[] dW = dWeight == null ? null : Scratch.get(Scratch.WEIGHT_GRAD, g.weightSize());
            float[] dB = dBias == null ? null : Scratch.get(Scratch.BIAS_GRAD, g.k());
            if (dW != null) java.util.Arrays.fill(dW, 0, g.weightSize(), 0f);
            if (dB != null) java.util.Arrays.fill(dB, 0, g.k(), 0f);
            for (int img = lo; img < hi; img++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    int xOff = (img * g.c() + grp * g.cg()) * g.h() * g.w();
                    int dOutOff = (img * g.k() + grp * g.kg()) * hw;
                    int wOff = grp * g.kg() * g.patch();
                    for (int oy0 = 0; oy0 < g.outH(); oy0 += rowBlock) {
                        int oy1 = Math.min(g.outH(), oy0 + rowBlock);
                        int width = (oy1 - oy0) * g.outW();
                        int blockOff = dOutOff + oy0 * g.outW();
                        if (dW != null) {
                            // dW_g (kg, patch) += dOut_g[:, block] (kg, width; ld hw) · colsᵀ (width, patch)
                            float[] b = cols;
                            int bOff = 0;
                            int ldb = width;
                            if (g.isPointwise()) {
                                b = x;
                                bOff = xOff + oy0 * g.outW();
                                ldb = hw;
                            } else {
                                Im2col.im2col(g, x, xOff, oy0, oy1, cols);
                            }
                            Sgemm.sgemm(false, true, g.kg(), g.patch(), width, 1f, dOut, blockOff, hw, b, bOff, ldb,
                                    1f, dW, wOff, g.patch());
                        }
                        if (dX != null) {
                            if (g.isPointwise()) {
                                // dX_g[:, block] (cg, width; ld hw) = W_gᵀ (cg, kg) · dOut_g[:, block] (kg, width)
                                Sgemm.sgemm(true, false, g.cg(), width, g.kg(), 1f, weight, wOff, g.patch(), dOut, blockOff, hw,
                                        0f, dX, xOff + oy0 * g.outW(), hw);
                            } else {
                                // dCols (patch, width) = W_gᵀ (patch, kg) · dOut_g[:, block] (kg, width), then fold back
                                Sgemm.sgemm(true, false, g.patch(), width, g.kg(), 1f, weight, wOff, g.patch(), dOut, blockOff, hw,
                                        0f, cols, 0, width);
                                Im2col.col2im(g, cols, oy0, oy1, dX, xOff);
                            }
                        }
                    }
                }
                if (dB != null) {
                    for (int ch = 0; ch < g.k(); ch++) {
                        int off = (img * g.k() + ch) * hw;
                        float s = 0f;
                        for (int i = 0; i < hw; i++) s += dOut[off + i];
                        dB[ch] += s;
                    }
                }
            }
            synchronized (partials) {
                partials.put(lo, new float[][] {dW, dB});
            }
        });
        // Sum the per-thread partial gradients in a fixed order, so results do not depend on thread timing.
        for (float[][] p : partials.values()) {
            if (p[0] != null) for (int i = 0; i < g.weightSize(); i++) dWeight[i] += p[0][i];
            if (p[1] != null) for (int i = 0; i < g.k(); i++) dBias[i] += p[1][i];
        }
    }

    /** Output rows per im2col block so one thread's buffer stays within the budget. */
    private static int rowBlock(ConvGeometry g, int colsBudget) {
        long perRow = (long) g.patch() * g.outW();
        return (int) Math.max(1, Math.min(g.outH(), colsBudget / Math.max(perRow, 1)));
    }

    private static void addBias(float[] out, int img, int k, int hw, float[] bias) {
        for (int ch = 0; ch < k; ch++) {
            int off = (img * k + ch) * hw;
            float b = bias[ch];
            for (int i = 0; i < hw; i++) out[off + i] += b;
        }
    }
}

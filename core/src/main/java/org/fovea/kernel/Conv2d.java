package org.fovea.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * 2-D convolution (cross-correlation, as every framework computes it) by im2col + SGEMM, NCHW.
 *
 * <p>The batch is cut into blocks, one per thread: a block unfolds several images side by side into one
 * im2col matrix (patch, images·outH·outW), so each SGEMM is wide even for small images (LeNet's 28×28).
 * The im2col buffer is a reused per-thread scratch array of at most {@link #COLS_BUDGET} floats; an image
 * too large for it is unfolded a block of output rows at a time. A 1×1 stride-1 unpadded convolution of a
 * single image skips im2col (the input already is the matrix). {@link Conv2dReference} is the direct
 * seven-loop twin used as the test oracle.
 */
public final class Conv2d {
    /** Upper bound on one thread's im2col buffer, in floats (16 MB). */
    static final int COLS_BUDGET = 4 << 20;
    /**
     * Floats past the end of every cols buffer, so the masked vector stores of a row's tail are always in
     * bounds (NOTE: a masked store that reaches past an array's end takes a per-lane check path that cost
     * more than the whole unfold of LeNet's conv2).
     */
    private static final int SLACK = 64;

    private Conv2d() {}

    /** Images [i0, i1) and output rows [oy0, oy1) (all rows whenever the block holds several images). */
    private record Block(int i0, int i1, int oy0, int oy1) {
        int images() { return i1 - i0; }
    }

    /**
     * out = conv(x, weight) + bias.
     * x is (n, c, h, w), weight (k, c/groups, r, s), bias (k) or null, out (n, k, outH, outW); all contiguous.
     */
    public static void conv2dForward(ConvGeometry g, float[] x, float[] weight, float[] bias, float[] out) {
        forward(g, x, weight, bias, out, COLS_BUDGET, true);
    }

    /** Winograd or the implicit GEMM where selected (and fastPaths), else im2col + SGEMM within colsBudget. */
    private static void forward(ConvGeometry g, float[] x, float[] weight, float[] bias, float[] out, int colsBudget, boolean fastPaths) {
        if (fastPaths && directSelected(g)) DirectConv.forward(g, x, weight, bias, out);
        else if (fastPaths && winogradSelected(g)) WinogradConv.forward(g, x, weight, bias, out);
        else if (fastPaths && implicitSelected(g)) ImplicitConv.forward(g, x, weight, bias, out);
        else conv2dForward(g, x, weight, bias, out, colsBudget);
    }

    /**
     * As above by im2col + SGEMM only, with an explicit im2col budget in floats (tests use tiny ones to
     * exercise every blocking).
     */
    static void conv2dForward(ConvGeometry g, float[] x, float[] weight, float[] bias, float[] out, int colsBudget) {
        List<Block> blocks = blocks(g, colsBudget);
        forEach(blocks, (lo, hi) -> {
            for (int b = lo; b < hi; b++) forwardBlock(g, x, weight, bias, out, blocks.get(b));
        });
    }

    private static void forwardBlock(ConvGeometry g, float[] x, float[] weight, float[] bias, float[] out, Block blk) {
        int hw = g.outH() * g.outW();
        int bw = (blk.oy1 - blk.oy0) * g.outW();
        int width = blk.images() * bw;
        boolean direct = g.isPointwise() && blk.images() == 1;
        float[] cols = direct ? null : Scratch.get(Scratch.COLS, g.patch() * width + SLACK);
        float[] tmp = blk.images() > 1 ? Scratch.get(Scratch.OUT_BLOCK, g.kg() * width) : null;
        for (int grp = 0; grp < g.groups(); grp++) {
            int wOff = grp * g.kg() * g.patch();
            int outOff = outOffset(g, blk.i0, grp) + blk.oy0 * g.outW();
            if (direct) {
                // out_g (kg, rows) = W_g (kg, cg) · x_g (cg, rows), both with leading dimension hw
                Sgemm.sgemm(false, false, g.kg(), bw, g.cg(), 1f, weight, wOff, g.patch(),
                        x, inOffset(g, blk.i0, grp) + blk.oy0 * g.outW(), hw, 0f, out, outOff, hw);
                continue;
            }
            unfold(g, x, grp, blk, cols, 0, width);
            if (tmp == null) {
                // out_g[:, rows] (kg, width; ld hw) = W_g (kg, patch) · cols (patch, width)
                Sgemm.sgemm(false, false, g.kg(), width, g.patch(), 1f, weight, wOff, g.patch(), cols, 0, width, 0f, out, outOff, hw);
            } else {
                Sgemm.sgemm(false, false, g.kg(), width, g.patch(), 1f, weight, wOff, g.patch(), cols, 0, width, 0f, tmp, 0, width);
                for (int img = blk.i0; img < blk.i1; img++) {
                    for (int ch = 0; ch < g.kg(); ch++) {
                        System.arraycopy(tmp, ch * width + (img - blk.i0) * bw, out, outOffset(g, img, grp) + ch * hw, bw);
                    }
                }
            }
        }
        if (bias != null) {
            for (int img = blk.i0; img < blk.i1; img++) {
                for (int ch = 0; ch < g.k(); ch++) {
                    int off = (img * g.k() + ch) * hw + blk.oy0 * g.outW();
                    float b = bias[ch];
                    for (int i = 0; i < bw; i++) out[off + i] += b;
                }
            }
        }
    }

    /**
     * Gradients of {@link #conv2dForward}: dX = conv-transpose(dOut, weight), dWeight += dOut ⋆ x,
     * dBias += Σ dOut. dX is overwritten (it may be null when the input needs no gradient); dWeight and dBias
     * are accumulated into (either may be null). Shapes as in the forward pass; dOut is (n, k, outH, outW).
     */
    public static void conv2dBackward(ConvGeometry g, float[] x, float[] weight, float[] dOut,
                                      float[] dX, float[] dWeight, float[] dBias) {
        conv2dBackward(g, x, weight, dOut, dX, dWeight, dBias, COLS_BUDGET, true);
    }

    /** As above by im2col + SGEMM only, with an explicit im2col budget (see {@link #conv2dForward}). */
    static void conv2dBackward(ConvGeometry g, float[] x, float[] weight, float[] dOut,
                               float[] dX, float[] dWeight, float[] dBias, int colsBudget) {
        conv2dBackward(g, x, weight, dOut, dX, dWeight, dBias, colsBudget, false);
    }

    private static void conv2dBackward(ConvGeometry g, float[] x, float[] weight, float[] dOut,
                                       float[] dX, float[] dWeight, float[] dBias, int colsBudget, boolean fastPaths) {
        if (fastPaths && dWeight != null && ImplicitWeightGradient.suits(g)) {
            ImplicitWeightGradient.weightGradient(g, x, dOut, dWeight);
            if (dX != null || dBias != null) conv2dBackward(g, x, weight, dOut, dX, null, dBias, colsBudget, true);
            return;
        }
        if (fastPaths && dWeight != null && implicitSelected(g) && ImplicitConv.gradientSuits(g)) {
            ImplicitConv.weightGradient(g, x, dOut, dWeight);
            if (dX != null || dBias != null) conv2dBackward(g, x, weight, dOut, dX, null, dBias, colsBudget, true);
            return;
        }
        if (dX != null && transposedForwardSuits(g, fastPaths)) {
            // dX is itself a stride-1 convolution of dOut (see below), straight into dX instead of SGEMM
            // into a patch-sized buffer folded back by col2im, by whichever path that forward convolution takes.
            forward(transposed(g), dOut, flippedTransposed(g, weight), null, dX, colsBudget, fastPaths);
            if (dWeight != null || dBias != null) gradients(g, x, weight, dOut, null, dWeight, dBias, colsBudget);
            return;
        }
        gradients(g, x, weight, dOut, dX, dWeight, dBias, colsBudget);
    }

    /** dX by col2im (when not null), dWeight and dBias, over blocks of images across the thread pool. */
    private static void gradients(ConvGeometry g, float[] x, float[] weight, float[] dOut,
                                  float[] dX, float[] dWeight, float[] dBias, int colsBudget) {
        List<Block> blocks = blocks(g, colsBudget);
        TreeMap<Integer, float[][]> partials = new TreeMap<>();
        if (dX != null) Arrays.fill(dX, 0, g.inputSize(), 0f);
        forEach(blocks, (lo, hi) -> {
            // NOTE: fresh arrays, not per-thread scratch: a pool thread may serve another caller's task before
            // this call sums the partials, and would overwrite its scratch.
            float[] dW = dWeight == null ? null : new float[g.weightSize()];
            float[] dB = dBias == null ? null : new float[g.k()];
            for (int b = lo; b < hi; b++) backwardBlock(g, x, weight, dOut, dX, dW, dB, blocks.get(b));
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

    private static void backwardBlock(ConvGeometry g, float[] x, float[] weight, float[] dOut,
                                      float[] dX, float[] dW, float[] dB, Block blk) {
        int hw = g.outH() * g.outW();
        int bw = (blk.oy1 - blk.oy0) * g.outW();
        int width = blk.images() * bw;
        boolean direct = g.isPointwise() && blk.images() == 1;
        float[] cols = direct || dW == null ? null : Scratch.get(Scratch.COLS, g.patch() * width + SLACK);
        float[] dOutBlock = blk.images() > 1 ? Scratch.get(Scratch.OUT_BLOCK, g.kg() * width) : null;
        float[] dCols = direct || dX == null ? null : Scratch.get(Scratch.COLS_GRAD, g.patch() * width + SLACK);
        for (int grp = 0; grp < g.groups(); grp++) {
            int wOff = grp * g.kg() * g.patch();
            // dOut of this group and block as a (kg, width) matrix a[aOff + row·lda + col]
            float[] a = dOut;
            int aOff = outOffset(g, blk.i0, grp) + blk.oy0 * g.outW();
            int lda = hw;
            if (dOutBlock != null) {
                for (int img = blk.i0; img < blk.i1; img++) {
                    for (int ch = 0; ch < g.kg(); ch++) {
                        System.arraycopy(dOut, outOffset(g, img, grp) + ch * hw, dOutBlock, ch * width + (img - blk.i0) * bw, bw);
                    }
                }
                a = dOutBlock;
                aOff = 0;
                lda = width;
            }
            int xOff = inOffset(g, blk.i0, grp) + blk.oy0 * g.outW();
            if (dW != null) {
                // dW_g (kg, patch) += dOut_g (kg, width) · colsᵀ (width, patch)
                float[] b = x;
                int bOff = xOff;
                int ldb = hw;
                if (!direct) {
                    unfold(g, x, grp, blk, cols, 0, width);
                    bOff = 0;
                    b = cols;
                    ldb = width;
                }
                if (SgemmDot.suits(g.kg(), g.patch(), width)) {
                    SgemmDot.sgemm(g.kg(), g.patch(), width, 1f, a, aOff, lda, b, bOff, ldb, 1f, dW, wOff, g.patch());
                } else {
                    Sgemm.sgemm(false, true, g.kg(), g.patch(), width, 1f, a, aOff, lda, b, bOff, ldb, 1f, dW, wOff, g.patch());
                }
            }
            if (dX != null) {
                if (direct) {
                    // dX_g (cg, rows; ld hw) = W_gᵀ (cg, kg) · dOut_g (kg, rows)
                    Sgemm.sgemm(true, false, g.cg(), width, g.kg(), 1f, weight, wOff, g.patch(), a, aOff, lda, 0f, dX, xOff, hw);
                } else {
                    // dCols (patch, width) = W_gᵀ (patch, kg) · dOut_g (kg, width), then folded back into dX
                    Sgemm.sgemm(true, false, g.patch(), width, g.kg(), 1f, weight, wOff, g.patch(), a, aOff, lda, 0f, dCols, 0, width);
                    fold(g, dCols, width, grp, blk, dX);
                }
            }
        }
        if (dB != null) {
            for (int img = blk.i0; img < blk.i1; img++) {
                for (int ch = 0; ch < g.k(); ch++) {
                    int off = (img * g.k() + ch) * hw + blk.oy0 * g.outW();
                    dB[ch] += Lanes.sum(dOut, off, bw);
                }
            }
        }
    }

    /**
     * Winograd where its own rule takes the layer, except where the implicit GEMM measured faster: up to 32
     * channels, and 64 channels on images of 256 to 4,096 pixels. NOTE: forward, per-thread CPU time,
     * implicit vs Winograd: 32 ch at 16² (batch 128) 3.9 vs 4.9 ms, 64 ch at 56² (batch 8) 8.8 vs 11.8 ms;
     * Winograd ahead at 64 ch 8² (3.2 vs 4.6 ms), 64→128 ch at 112² (8.1 vs 8.7 ms), 128 ch at 112²
     * (14.4 vs 17.8 ms); even at 64 ch 224² and 128 ch 28².
     */
    /**
     * DirectConv (forward) for a first layer of 1–3 input channels, unless -Dfovea.conv.direct=false. Per-thread
     * CPU time at 1 thread: LeNet-5's 1→6 5×5 (batch 64) 142 µs vs 235 µs by the implicit GEMM; ResNet-20's 3→16
     * (batch 128) 0.85 ms vs 1.97 ms by im2col + SGEMM; VGG's 3→64 at 224² (batch 8) 10.5 ms vs 19.7 ms.
     */
    static boolean directSelected(ConvGeometry g) {
        return DIRECT && DirectConv.suits(g);
    }

    private static final boolean DIRECT = !"false".equals(System.getProperty("fovea.conv.direct"));

    static boolean winogradSelected(ConvGeometry g) {
        if (!WinogradConv.selected(g)) return false;
        int pixels = g.outH() * g.outW();
        boolean implicitFaster = g.cg() <= 32 || g.cg() <= 64 && pixels >= 256 && pixels <= 4096;
        return !(implicitFaster && implicitSelected(g));
    }

    /**
     * ImplicitConv for the stride-1 geometries it suits, unless -Dfovea.conv.implicit=false. NOTE: not for an
     * input of 1–3 channels into 16 or more (an RGB first layer): there the cols matrix is short (27 rows for
     * 3×3) and im2col + SGEMM measured as fast or faster (per-thread CPU time: ResNet-20's 3→16 ×0.96,
     * VGG's 3→64 at 224² ×0.83); LeNet-5's 1→6 gains ×1.53.
     */
    static boolean implicitSelected(ConvGeometry g) {
        return IMPLICIT && ImplicitConv.suits(g) && (g.cg() >= 4 || g.kg() < 16);
    }

    private static final boolean IMPLICIT = !"false".equals(System.getProperty("fovea.conv.implicit"));

    /**
     * For stride 1, the input gradient is a convolution of dOut with the kernel flipped in space and with
     * input and output channels swapped, padding d·(F − 1) − P, same dilation and groups (as in
     * Dumoulin & Visin 2016, "A guide to convolution arithmetic", §4). Needs P ≤ d·(F − 1).
     */
    private static boolean transposedForwardSuits(ConvGeometry g, boolean fastPaths) {
        boolean possible = g.strideH() == 1 && g.strideW() == 1 && !g.isPointwise()
                && g.padH() <= g.dilationH() * (g.r() - 1) && g.padW() <= g.dilationW() * (g.s() - 1);
        // NOTE: with few input channels the transposed SGEMM has too few rows (LeNet's 6: 30 % slower than
        // col2im). The implicit GEMM needs no cols matrix and wins from 4 (per-thread CPU time: 6 channels
        // ×1.28, 8 ×1.68; 3 ×0.83).
        return possible && (g.cg() >= 16 || fastPaths && g.cg() >= 4 && implicitSelected(transposed(g)));
    }

    private static ConvGeometry transposed(ConvGeometry g) {
        return new ConvGeometry(g.n(), g.k(), g.outH(), g.outW(), g.c(), g.r(), g.s(), 1, 1,
                g.dilationH() * (g.r() - 1) - g.padH(), g.dilationW() * (g.s() - 1) - g.padW(), g.dilationH(), g.dilationW(), g.groups());
    }

    /** W'[grp][ci][ko][i][j] = W[grp][ko][ci][r − 1 − i][s − 1 − j], per group. */
    private static float[] flippedTransposed(ConvGeometry g, float[] weight) {
        float[] out = new float[g.weightSize()];
        int rs = g.r() * g.s();
        for (int grp = 0; grp < g.groups(); grp++) {
            for (int ko = 0; ko < g.kg(); ko++) {
                for (int ci = 0; ci < g.cg(); ci++) {
                    int src = ((grp * g.kg() + ko) * g.cg() + ci) * rs;
                    int dst = ((grp * g.cg() + ci) * g.kg() + ko) * rs;
                    for (int t = 0; t < rs; t++) out[dst + t] = weight[src + rs - 1 - t];
                }
            }
        }
        return out;
    }

    /** im2col of every image of the block, side by side: image j occupies columns [j·bw, (j+1)·bw). */
    private static void unfold(ConvGeometry g, float[] x, int grp, Block blk, float[] cols, int colsOff, int width) {
        int bw = (blk.oy1 - blk.oy0) * g.outW();
        for (int img = blk.i0; img < blk.i1; img++) {
            int at = colsOff + (img - blk.i0) * bw;
            if (g.isPointwise()) {
                int hw = g.h() * g.w();
                for (int ci = 0; ci < g.cg(); ci++) {
                    System.arraycopy(x, inOffset(g, img, grp) + ci * hw + blk.oy0 * g.outW(), cols, ci * width + at, bw);
                }
            } else if (Im2col.paddedSuits(g) && blk.oy0 == 0 && blk.oy1 == g.outH()) {
                Im2col.im2colPadded(g, x, inOffset(g, img, grp), cols, at, width);
            } else {
                Im2col.im2col(g, x, inOffset(g, img, grp), blk.oy0, blk.oy1, cols, at, width);
            }
        }
    }

    /** The adjoint of {@link #unfold}: adds dCols back into dX. */
    private static void fold(ConvGeometry g, float[] dCols, int width, int grp, Block blk, float[] dX) {
        int bw = (blk.oy1 - blk.oy0) * g.outW();
        for (int img = blk.i0; img < blk.i1; img++) {
            int at = (img - blk.i0) * bw;
            if (g.isPointwise()) {
                int hw = g.h() * g.w();
                for (int ci = 0; ci < g.cg(); ci++) {
                    int dst = inOffset(g, img, grp) + ci * hw + blk.oy0 * g.outW();
                    for (int i = 0; i < bw; i++) dX[dst + i] += dCols[ci * width + at + i];
                }
            } else if (Im2col.paddedSuits(g) && blk.oy0 == 0 && blk.oy1 == g.outH()) {
                Im2col.col2imPadded(g, dCols, at, width, dX, inOffset(g, img, grp));
            } else {
                Im2col.col2im(g, dCols, at, width, blk.oy0, blk.oy1, dX, inOffset(g, img, grp));
            }
        }
    }

    /**
     * Cuts the batch into about one block per thread, as many whole images each as the im2col budget allows;
     * an image whose im2col alone exceeds the budget is cut into blocks of output rows.
     */
    private static List<Block> blocks(ConvGeometry g, int colsBudget) {
        List<Block> out = new ArrayList<>();
        long perImage = (long) g.patch() * g.outH() * g.outW();
        if (perImage <= colsBudget) {
            // NOTE: blocks of images sized to stay in the core's L2 (unfolded once, read twice by SGEMM) ran
            // faster than blocks as large as the budget allows.
            int byBudget = (int) Math.max(1, Math.min(colsBudget, Integer.getInteger("fovea.conv.block", 128 << 10)) / perImage);
            int perThread = Math.ceilDiv(Math.max(g.n(), 1), Parallel.threads());
            int nb = Math.max(1, Math.min(byBudget, perThread));
            for (int i0 = 0; i0 < g.n(); i0 += nb) out.add(new Block(i0, Math.min(g.n(), i0 + nb), 0, g.outH()));
        } else {
            int rows = (int) Math.max(1, colsBudget / ((long) g.patch() * g.outW()));
            for (int img = 0; img < g.n(); img++) {
                for (int oy0 = 0; oy0 < g.outH(); oy0 += rows) out.add(new Block(img, img + 1, oy0, Math.min(g.outH(), oy0 + rows)));
            }
        }
        return out;
    }

    /** Spreads blocks over the pool; a single block runs on the caller so SGEMM itself may go parallel. */
    private static void forEach(List<Block> blocks, Parallel.Chunk body) {
        if (blocks.size() == 1) body.run(0, 1);
        else Parallel.parallelFor(blocks.size(), body);
    }

    private static int inOffset(ConvGeometry g, int img, int grp) { return (img * g.c() + grp * g.cg()) * g.h() * g.w(); }

    private static int outOffset(ConvGeometry g, int img, int grp) { return (img * g.k() + grp * g.kg()) * g.outH() * g.outW(); }
}

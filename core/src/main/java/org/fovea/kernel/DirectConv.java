package org.fovea.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct convolution for inputs with few channels (a network's first layer: LeNet-5's 1→6 5×5, ResNet's 3→16
 * 3×3), stride 1, no dilation, one group. Any GEMM formulation must replicate each input pixel patch() times
 * (im2col, or the panels of the implicit GEMM) to do only k multiply-adds with each copy: for LeNet's conv1
 * that replication costs more than the products. Here each output row is computed in registers instead:
 * 8 output channels × 2 vectors of columns as 16 accumulators; each of the patch() taps loads 2 input vectors
 * from a zero-padded copy of the image (shifted by the tap) and broadcasts 8 weights.
 *
 * <p>Forward only. NOTE: a weight gradient written the same way round (per pair of taps, 8 channels of dOut
 * against the shifted input, lanes added at the end) measured no faster than the paths Conv2d already takes
 * (LeNet conv1 217 vs 219 µs, ResNet-20 3→16 1.2-1.6 ms either way, per-thread CPU time), so it was dropped.
 */
final class DirectConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output channels per register block. */
    private static final int KB = 8;

    private DirectConv() {}

    /** True for the geometries this path is for: stride 1, no dilation, one group, at most 75 taps. */
    static boolean suits(ConvGeometry g) {
        return g.groups() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1 && g.dilationW() == 1
                && g.patch() <= 75 && g.c() <= 3 && g.outW() >= L / 2;
    }

    /** Width of a padded row; rows are followed by 2L floats of slack so the second vector may read past a row. */
    private static int paddedWidth(ConvGeometry g) {
        return g.w() + 2 * g.padW();
    }

    /** out = conv(x, weight) + bias (bias may be null); out is overwritten. */
    static void forward(ConvGeometry g, float[] x, float[] weight, float[] bias, float[] out) {
        int taps = g.patch(), blocks = (g.k() + KB - 1) / KB;
        // wp (blocks, taps, KB): the weights of each block of 8 output channels, tap-major, zero-padded
        float[] wp = new float[blocks * taps * KB];
        for (int k = 0; k < g.k(); k++) {
            for (int t = 0; t < taps; t++) wp[((k / KB) * taps + t) * KB + k % KB] = weight[k * taps + t];
        }
        float[] bp = new float[blocks * KB];
        if (bias != null) System.arraycopy(bias, 0, bp, 0, g.k());
        // Tasks are (image, block of 8 output channels), image-major, so a single image (VGG at batch 1) still
        // keeps every thread busy; a thread pads each image of its contiguous range once.
        int[] tapAt = tapOffsets(g);
        Parallel.parallelFor(g.n() * blocks, (lo, hi) -> {
            float[] padded = null, tile = new float[2 * KB * L];
            for (int task = lo, img = -1; task < hi; task++) {
                if (task / blocks != img) {
                    img = task / blocks;
                    padded = pad(g, x, img);
                }
                forwardImage(g, padded, wp, tapAt, task % blocks, bp, out, img, tile);
            }
        });
    }

    /** A zero-padded copy of image img (c planes of (h + 2·padH, w + 2·padW)) in the thread's Scratch.PADDED. */
    private static float[] pad(ConvGeometry g, float[] x, int img) {
        int pw = paddedWidth(g), ph = g.h() + 2 * g.padH(), plane = ph * pw;
        int size = g.c() * plane + 2 * L + g.s();
        float[] p = Scratch.get(Scratch.PADDED, size);
        java.util.Arrays.fill(p, 0, size, 0f);
        for (int c = 0; c < g.c(); c++) {
            for (int y = 0; y < g.h(); y++) {
                System.arraycopy(x, ((img * g.c() + c) * g.h() + y) * g.w(), p, c * plane + (y + g.padH()) * pw + g.padW(), g.w());
            }
        }
        return p;
    }

    /** Output channels [8b, 8b + 8) of one image. */
    private static void forwardImage(ConvGeometry g, float[] p, float[] wp, int[] tapAt, int b, float[] bias, float[] out,
                                     int img, float[] t) {
        // bias: one per output channel, zero-padded to whole blocks; t: the register tile's scratch
        int pw = paddedWidth(g), oh = g.outH(), ow = g.outW();
        int taps = g.patch(), kEnd = Math.min(KB, g.k() - b * KB), hw = oh * ow;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox += 2 * L) {
                kernel(taps, p, oy * pw + ox, tapAt, wp, b * taps * KB, t);
                int o = (img * g.k() + b * KB) * hw + oy * ow + ox;
                VectorMask<Float> m0 = S.indexInRange(ox, ow), m1 = S.indexInRange(ox + L, ow);
                boolean full0 = m0.allTrue(), full1 = m1.allTrue(), any1 = m1.anyTrue();
                for (int k = 0; k < kEnd; k++) {
                    float bk = bias[b * KB + k];
                    int at = o + k * hw, tk = k * 2 * L;
                    FloatVector u = FloatVector.fromArray(S, t, tk).add(bk), v = FloatVector.fromArray(S, t, tk + L).add(bk);
                    if (full0) u.intoArray(out, at);
                    else u.intoArray(out, at, m0);
                    if (full1) v.intoArray(out, at + L);
                    else if (any1) v.intoArray(out, at + L, m1);
                }
            }
        }
    }

    /**
     * t (8, 2L) = Σ over taps of weights (8 channels) × the 2 input vectors at row + tapAt[tap].
     * NOTE: the accumulators go to a small tile and the caller stores them: storing from here through a helper
     * made C2 box all 16 vectors (10× slower), as in {@link SgemmMicroKernels}.
     */
    private static void kernel(int taps, float[] p, int row, int[] tapAt, float[] wp, int wBase, float[] t) {
        FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
        FloatVector a4 = FloatVector.zero(S), a5 = FloatVector.zero(S), a6 = FloatVector.zero(S), a7 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S), b1 = FloatVector.zero(S), b2 = FloatVector.zero(S), b3 = FloatVector.zero(S);
        FloatVector b4 = FloatVector.zero(S), b5 = FloatVector.zero(S), b6 = FloatVector.zero(S), b7 = FloatVector.zero(S);
        for (int tap = 0; tap < taps; tap++) {
            int at = row + tapAt[tap], wt = wBase + tap * KB;
            FloatVector u = FloatVector.fromArray(S, p, at), v = FloatVector.fromArray(S, p, at + L);
            FloatVector w0 = FloatVector.broadcast(S, wp[wt]); a0 = w0.fma(u, a0); b0 = w0.fma(v, b0);
            FloatVector w1 = FloatVector.broadcast(S, wp[wt + 1]); a1 = w1.fma(u, a1); b1 = w1.fma(v, b1);
            FloatVector w2 = FloatVector.broadcast(S, wp[wt + 2]); a2 = w2.fma(u, a2); b2 = w2.fma(v, b2);
            FloatVector w3 = FloatVector.broadcast(S, wp[wt + 3]); a3 = w3.fma(u, a3); b3 = w3.fma(v, b3);
            FloatVector w4 = FloatVector.broadcast(S, wp[wt + 4]); a4 = w4.fma(u, a4); b4 = w4.fma(v, b4);
            FloatVector w5 = FloatVector.broadcast(S, wp[wt + 5]); a5 = w5.fma(u, a5); b5 = w5.fma(v, b5);
            FloatVector w6 = FloatVector.broadcast(S, wp[wt + 6]); a6 = w6.fma(u, a6); b6 = w6.fma(v, b6);
            FloatVector w7 = FloatVector.broadcast(S, wp[wt + 7]); a7 = w7.fma(u, a7); b7 = w7.fma(v, b7);
        }
        a0.intoArray(t, 0); b0.intoArray(t, L); a1.intoArray(t, 2 * L); b1.intoArray(t, 3 * L);
        a2.intoArray(t, 4 * L); b2.intoArray(t, 5 * L); a3.intoArray(t, 6 * L); b3.intoArray(t, 7 * L);
        a4.intoArray(t, 8 * L); b4.intoArray(t, 9 * L); a5.intoArray(t, 10 * L); b5.intoArray(t, 11 * L);
        a6.intoArray(t, 12 * L); b6.intoArray(t, 13 * L); a7.intoArray(t, 14 * L); b7.intoArray(t, 15 * L);
    }

    /** Offset of each tap (c, ky, kx) in the padded image, relative to the top-left of its output's window. */
    private static int[] tapOffsets(ConvGeometry g) {
        int pw = paddedWidth(g), plane = (g.h() + 2 * g.padH()) * pw;
        int[] at = new int[g.patch()];
        for (int c = 0, t = 0; c < g.c(); c++) {
            for (int ky = 0; ky < g.r(); ky++) {
                for (int kx = 0; kx < g.s(); kx++) at[t++] = c * plane + ky * pw + kx;
            }
        }
        return at;
    }
}

package org.fovea.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient dWeight += dOut ⋆ x of a convolution with 3-tap kernel rows (stride 1 or 2 and dilation 1
 * along the width; any along the height) or 5-tap rows (stride 1), without an im2col matrix. Shape: dWeight (k, c/groups, r, 3) += Σ over
 * images and output pixels of dOut (n, k, outH, outW) times the input patch under each pixel.
 *
 * <p>Each image is copied, zero-padded, split into stride phases: phase (a, b) of channel ci holds the padded
 * pixels (y·strideH + a, x·strideW + b) as a plane of hq × wq. Output pixels are numbered in that width,
 * {@code n' = oy·wq + ox}, and the im2col element of patch row (ci, ki, kj) at column n' is then
 * {@code P[off(ci, ki) + plane(kj mod strideW) + kj / strideW + n']} (for stride 1, the zero-padded image of
 * {@link ImplicitConv}). dOut is transposed into the same numbering, d (n', kg) with zeros in the
 * {@code wq − outW} dropped columns, so dWᵀ (patch, kg) = Σ_n' P[off + n'] · d[n']
 * is a product with the output channels in the vector lanes, accumulated in registers over every pixel of a
 * group of images (sized to stay in L2): no lane sums, unlike the dot products of {@link SgemmDot}.
 *
 * <p>NOTE: measured per-thread CPU time (1 thread) against the path each layer took before (ImplicitConv's
 * dot products, or unfold + SgemmDot/SGEMM): ResNet-20 16 ch ×1.04-1.09, 32 ch ×1.71, 64 ch ×1.17-1.31,
 * 128 ch at 28² ×1.23-1.36; stride 2: 16→32 ×1.18-1.22, 32→64 ×1.20-1.25; ResNet-20's 3→16 ×0.73 (patch 27:
 * the transposes cost more than they save), hence {@link #suits}. The same product for any row of taps
 * (12 patch rows × L, one broadcast per FMA, no sliding) ran at 0.95-0.99× on the stride-2 layers and LeNet-5's
 * conv2, and 12 × 2L or 6 × 4L tiles at a third of the 12 × L tile's speed.
 */
final class ImplicitWeightGradient {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Largest weight matrix (kg × patch) taken: the largest measured (128 × 1,152) and some room. */
    static final int MAX_WEIGHTS = 256 * 1024;
    /** Zero pixels before and after each image's transposed dOut (for {@link #kernel4x3} and {@link #kernel4x5}). */
    private static final int LEAD = 4;
    /**
     * Floats of one group of images (their phases and transposed dOut): 512 KB, half a Zen 5 core's L2. NOTE: 64K,
     * 256K and 16K floats measured within noise on ResNet-20's layers.
     */
    private static final int GROUP_FLOATS = 128 << 10;

    private ImplicitWeightGradient() {}

    /**
     * Geometries this path takes: 3-tap rows with 8+ input channels or 5-tap rows at stride 1 with 6+, 16+ output
     * channels, at most {@link #MAX_WEIGHTS} weights.
     */
    static boolean suits(ConvGeometry g) {
        boolean threeTaps = g.s() == 3 && (g.strideW() == 1 || g.strideW() == 2) && g.cg() >= 8;
        // NOTE: 5-tap rows at stride 1, per-thread CPU time vs the im2col + SgemmDot path: LeNet-5's conv2 (6 → 16)
        // ×1.3 at 64 and at 16 images, an 8 → 20 5×5 ×1.8
        boolean fiveTaps = g.s() == 5 && g.strideW() == 1 && g.cg() >= 6;
        return (threeTaps || fiveTaps) && g.dilationW() == 1 && g.kg() >= 16 && (long) g.kg() * g.patch() <= MAX_WEIGHTS;
    }

    /**
     * Sizes of the phase layout: planes hq × wq, output channels padded to whole vectors (kgPad), offsets off(ci, ki)
     * of the cols rows (kj = 0), floats per image of P (with slack for the last dropped columns' reads) and of d
     * (with {@link #LEAD} zero pixels each side), and images per group.
     */
    record Layout(ConvGeometry g, int hq, int wq, int kgPad, int[] off, int imageFloats, int gradFloats, int group) {}

    static Layout layout(ConvGeometry g) {
        int sh = g.strideH(), sw = g.strideW();
        int hq = Math.ceilDiv(g.h() + 2 * g.padH(), sh), wq = Math.ceilDiv(g.w() + 2 * g.padW(), sw);
        int[] off = new int[g.cg() * g.r()];
        for (int ci = 0, u = 0; ci < g.cg(); ci++) {
            for (int ki = 0; ki < g.r(); ki++, u++) {
                int dy = ki * g.dilationH();
                off[u] = ((ci * sh + dy % sh) * sw * hq + dy / sh) * wq;
            }
        }
        int imageFloats = g.cg() * sh * sw * hq * wq + LEAD;
        int kgPad = Math.ceilDiv(g.kg(), L) * L;
        int gradFloats = (g.outH() * wq + 2 * LEAD) * kgPad;
        int group = Math.max(1, Math.min(g.n(), GROUP_FLOATS / (imageFloats + gradFloats)));
        return new Layout(g, hq, wq, kgPad, off, imageFloats, gradFloats, group);
    }

    /** Per-thread buffers: a group's phases and transposed dOut, one register tile. */
    private static final class Buffers {
        float[] phases = new float[0];
        float[] grad = new float[0];
        final float[] tile = new float[20 * L];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /**
     * dWeight += dOut ⋆ x. Each thread sums a contiguous range of images into its own partial, and the partials
     * are added in a fixed order, so results do not depend on thread timing.
     */
    static void weightGradient(ConvGeometry g, float[] x, float[] dOut, float[] dWeight) {
        Layout lay = layout(g);
        int chunks = Math.max(1, Math.min(Parallel.threads(), g.n()));
        float[][] partials = new float[chunks][];
        Parallel.parallelFor(chunks, (lo, hi) -> {
            Buffers buf = BUFFERS.get();
            if (buf.phases.length < lay.group * lay.imageFloats) buf.phases = new float[lay.group * lay.imageFloats];
            if (buf.grad.length < lay.group * lay.gradFloats) buf.grad = new float[lay.group * lay.gradFloats];
            for (int chunk = lo; chunk < hi; chunk++) {
                // NOTE: a fresh array, not scratch: the partials are summed after the parallelFor.
                float[] dW = new float[g.weightSize()];
                int i1 = (int) ((long) g.n() * (chunk + 1) / chunks);
                for (int i0 = (int) ((long) g.n() * chunk / chunks); i0 < i1; i0 += lay.group) {
                    int images = Math.min(lay.group, i1 - i0);
                    for (int grp = 0; grp < g.groups(); grp++) {
                        for (int j = 0; j < images; j++) {
                            split(lay, x, i0 + j, grp, buf.phases, j * lay.imageFloats);
                            transpose(lay, dOut, i0 + j, grp, buf.grad, j * lay.gradFloats);
                        }
                        tiles(lay, images, buf, dW, grp * g.kg() * g.patch());
                    }
                }
                partials[chunk] = dW;
            }
        });
        for (float[] dW : partials) for (int i = 0; i < dW.length; i++) dWeight[i] += dW[i];
    }

    /** The group's channels of one image, zero-padded and split into stride phases, at p[at…]. */
    private static void split(Layout lay, float[] x, int img, int grp, float[] p, int at) {
        ConvGeometry g = lay.g;
        int sh = g.strideH(), sw = g.strideW(), w = g.w(), plane = lay.hq * lay.wq;
        Arrays.fill(p, at, at + lay.imageFloats, 0f);
        int hw = g.h() * w;
        int src = (img * g.c() + grp * g.cg()) * hw;
        for (int ci = 0; ci < g.cg(); ci++) {
            for (int y = 0; y < g.h(); y++) {
                int py = y + g.padH();
                int row = at + ((ci * sh + py % sh) * sw * lay.hq + py / sh) * lay.wq, from = src + ci * hw + y * w;
                if (sw == 1) {
                    System.arraycopy(x, from, p, row + g.padW(), w);
                    continue;
                }
                for (int b = 0; b < 2; b++) {
                    // input columns ix with (ix + padW) mod 2 = b: phase b, from column (ix + padW) / 2
                    int ix = (b + g.padW()) % 2;
                    if (ix < w) Im2col.everyOther(x, from + ix, p, row + b * plane + (ix + g.padW()) / 2, (w - ix + 1) / 2);
                }
            }
        }
    }

    /** dOut of one image transposed into d (n', kgPad): the group's kg channels of each pixel contiguous, after LEAD zero pixels. */
    private static void transpose(Layout lay, float[] dOut, int img, int grp, float[] d, int at) {
        ConvGeometry g = lay.g;
        int outW = g.outW(), plane = g.outH() * outW, kg = g.kg(), kgPad = lay.kgPad;
        Arrays.fill(d, at, at + lay.gradFloats, 0f);
        int src = (img * g.k() + grp * kg) * plane;
        for (int k = 0; k < kg; k++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                int from = src + k * plane + oy * outW, dst = at + (LEAD + oy * lay.wq) * kgPad + k;
                for (int ox = 0; ox < outW; ox++) d[dst + ox * kgPad] = dOut[from + ox];
            }
        }
    }

    /**
     * dW[wOff + k·patch + j] += Σ over the group's images and pixels of d[n'][k]·P[off + n'] for patch row j, by
     * register tiles of 12 patch rows × L output channels (an edge tile repeats its last kernel row).
     */
    private static void tiles(Layout lay, int images, Buffers buf, float[] dW, int wOff) {
        ConvGeometry g = lay.g;
        int kg = g.kg(), patch = g.patch();
        float[] t = buf.tile;
        for (int col = 0; col < lay.kgPad; col += L) {
            int rows = g.s() == 5 ? 20 : 12;
            for (int j = 0; j < patch; j += rows) {
                if (g.s() == 5) kernel4x5(lay, images, buf.phases, j / 5, buf.grad, col, t);
                else if (g.strideW() == 1) kernel4x3(lay, images, buf.phases, j / 3, buf.grad, col, t);
                else kernel4x3Stride2(lay, images, buf.phases, j / 3, buf.grad, col, t);
                for (int jj = 0; jj < Math.min(rows, patch - j); jj++) {
                    for (int kk = 0; kk < L && col + kk < kg; kk++) dW[wOff + (col + kk) * patch + j + jj] += t[jj * L + kk];
                }
            }
        }
    }

    /** Offset of kernel row u (ci, ki) in the phases; an edge tile past the last row repeats it (results dropped). */
    private static int rowOffset(Layout lay, int u) {
        return lay.off[Math.min(u, lay.off.length - 1)];
    }

    /**
     * Tile (12, L) of dWᵀ: patch rows (u, kj) for the 4 kernel rows u = (ci, ki) from u0 and kj = 0..2, output
     * channels col… of d; named accumulators, as SgemmMicroKernels. NOTE: P[o_u + kj + n'] = P[o_u + m] with m = n' + kj, so each loaded P element serves
     * all three taps, times d at pixels m, m − 1, m − 2 (d has two zero pixels before and after each image): 7
     * loads per 12 FMAs instead of 13.
     */
    static void kernel4x3(Layout lay, int images, float[] p, int u0, float[] d, int col, float[] t) {
        int o0 = rowOffset(lay, u0), o1 = rowOffset(lay, u0 + 1), o2 = rowOffset(lay, u0 + 2), o3 = rowOffset(lay, u0 + 3);
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        int steps = lay.g.outH() * lay.wq + 2, kgPad = lay.kgPad;
        for (int img = 0; img < images; img++) {
            int q = img * lay.imageFloats;
            int dq = img * lay.gradFloats + LEAD * kgPad + col;
            for (int m = 0; m < steps; m++, q++, dq += kgPad) {
                FloatVector b0 = FloatVector.fromArray(S, d, dq);
                FloatVector b1 = FloatVector.fromArray(S, d, dq - kgPad);
                FloatVector b2 = FloatVector.fromArray(S, d, dq - 2 * kgPad);
                FloatVector a = FloatVector.broadcast(S, p[o0 + q]);
                c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02);
                a = FloatVector.broadcast(S, p[o1 + q]);
                c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12);
                a = FloatVector.broadcast(S, p[o2 + q]);
                c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); c22 = a.fma(b2, c22);
                a = FloatVector.broadcast(S, p[o3 + q]);
                c30 = a.fma(b0, c30); c31 = a.fma(b1, c31); c32 = a.fma(b2, c32);
            }
        }
        c00.intoArray(t, 0); c01.intoArray(t, L); c02.intoArray(t, 2 * L);
        c10.intoArray(t, 3 * L); c11.intoArray(t, 4 * L); c12.intoArray(t, 5 * L);
        c20.intoArray(t, 6 * L); c21.intoArray(t, 7 * L); c22.intoArray(t, 8 * L);
        c30.intoArray(t, 9 * L); c31.intoArray(t, 10 * L); c32.intoArray(t, 11 * L);
    }

    /**
     * As {@link #kernel4x3} for 5-tap rows at stride 1 (LeNet-5's conv2): tile (20, L), each loaded P element
     * serving the five taps, times d at pixels m … m − 4: 9 loads per 20 FMAs.
     */
    static void kernel4x5(Layout lay, int images, float[] p, int u0, float[] d, int col, float[] t) {
        int o0 = rowOffset(lay, u0), o1 = rowOffset(lay, u0 + 1), o2 = rowOffset(lay, u0 + 2), o3 = rowOffset(lay, u0 + 3);
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S), c04 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S), c14 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S), c24 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S), c34 = FloatVector.zero(S);
        int steps = lay.g.outH() * lay.wq + 4, kgPad = lay.kgPad;
        for (int img = 0; img < images; img++) {
            int q = img * lay.imageFloats;
            int dq = img * lay.gradFloats + LEAD * kgPad + col;
            for (int m = 0; m < steps; m++, q++, dq += kgPad) {
                FloatVector b0 = FloatVector.fromArray(S, d, dq);
                FloatVector b1 = FloatVector.fromArray(S, d, dq - kgPad);
                FloatVector b2 = FloatVector.fromArray(S, d, dq - 2 * kgPad);
                FloatVector b3 = FloatVector.fromArray(S, d, dq - 3 * kgPad);
                FloatVector b4 = FloatVector.fromArray(S, d, dq - 4 * kgPad);
                FloatVector a = FloatVector.broadcast(S, p[o0 + q]);
                c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02); c03 = a.fma(b3, c03); c04 = a.fma(b4, c04);
                a = FloatVector.broadcast(S, p[o1 + q]);
                c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12); c13 = a.fma(b3, c13); c14 = a.fma(b4, c14);
                a = FloatVector.broadcast(S, p[o2 + q]);
                c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); c22 = a.fma(b2, c22); c23 = a.fma(b3, c23); c24 = a.fma(b4, c24);
                a = FloatVector.broadcast(S, p[o3 + q]);
                c30 = a.fma(b0, c30); c31 = a.fma(b1, c31); c32 = a.fma(b2, c32); c33 = a.fma(b3, c33); c34 = a.fma(b4, c34);
            }
        }
        c00.intoArray(t, 0); c01.intoArray(t, L); c02.intoArray(t, 2 * L); c03.intoArray(t, 3 * L); c04.intoArray(t, 4 * L);
        c10.intoArray(t, 5 * L); c11.intoArray(t, 6 * L); c12.intoArray(t, 7 * L); c13.intoArray(t, 8 * L); c14.intoArray(t, 9 * L);
        c20.intoArray(t, 10 * L); c21.intoArray(t, 11 * L); c22.intoArray(t, 12 * L); c23.intoArray(t, 13 * L); c24.intoArray(t, 14 * L);
        c30.intoArray(t, 15 * L); c31.intoArray(t, 16 * L); c32.intoArray(t, 17 * L); c33.intoArray(t, 18 * L); c34.intoArray(t, 19 * L);
    }

    /**
     * As {@link #kernel4x3} for stride 2 along the width: taps kj = 0 and 2 read the even-column phase at shifts 0
     * and 1 (d at pixels m and m − 1), kj = 1 the odd-column phase (the next plane) at shift 0: 10 loads per 12 FMAs.
     */
    static void kernel4x3Stride2(Layout lay, int images, float[] p, int u0, float[] d, int col, float[] t) {
        int o0 = rowOffset(lay, u0), o1 = rowOffset(lay, u0 + 1), o2 = rowOffset(lay, u0 + 2), o3 = rowOffset(lay, u0 + 3);
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        int steps = lay.g.outH() * lay.wq + 1, kgPad = lay.kgPad, plane = lay.hq * lay.wq;
        for (int img = 0; img < images; img++) {
            int q = img * lay.imageFloats;
            int dq = img * lay.gradFloats + LEAD * kgPad + col;
            for (int m = 0; m < steps; m++, q++, dq += kgPad) {
                FloatVector b0 = FloatVector.fromArray(S, d, dq);
                FloatVector b1 = FloatVector.fromArray(S, d, dq - kgPad);
                FloatVector a = FloatVector.broadcast(S, p[o0 + q]);
                c00 = a.fma(b0, c00); c02 = a.fma(b1, c02);
                a = FloatVector.broadcast(S, p[o0 + plane + q]);
                c01 = a.fma(b0, c01);
                a = FloatVector.broadcast(S, p[o1 + q]);
                c10 = a.fma(b0, c10); c12 = a.fma(b1, c12);
                a = FloatVector.broadcast(S, p[o1 + plane + q]);
                c11 = a.fma(b0, c11);
                a = FloatVector.broadcast(S, p[o2 + q]);
                c20 = a.fma(b0, c20); c22 = a.fma(b1, c22);
                a = FloatVector.broadcast(S, p[o2 + plane + q]);
                c21 = a.fma(b0, c21);
                a = FloatVector.broadcast(S, p[o3 + q]);
                c30 = a.fma(b0, c30); c32 = a.fma(b1, c32);
                a = FloatVector.broadcast(S, p[o3 + plane + q]);
                c31 = a.fma(b0, c31);
            }
        }
        c00.intoArray(t, 0); c01.intoArray(t, L); c02.intoArray(t, 2 * L);
        c10.intoArray(t, 3 * L); c11.intoArray(t, 4 * L); c12.intoArray(t, 5 * L);
        c20.intoArray(t, 6 * L); c21.intoArray(t, 7 * L); c22.intoArray(t, 8 * L);
        c30.intoArray(t, 9 * L); c31.intoArray(t, 10 * L); c32.intoArray(t, 11 * L);
    }
}

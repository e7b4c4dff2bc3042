package org.fovea.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-1 convolution as an implicit GEMM: the product W (kg, patch) · cols (patch, outH·outW) without
 * building cols. Each image is copied once, zero-padded, into a buffer P of rows {@code wp = w + 2·padW} wide,
 * and output pixels are numbered in that padded width, {@code n' = oy·wp + ox}. Then the im2col element for
 * patch row {@code (ci, ki, kj)} and column n' is {@code P[off(ci, ki, kj) + n']} with
 * {@code off = (ci·hp + ki·dilationH)·wp + kj·dilationW}: every row of the virtual cols matrix is a
 * contiguous run of P at its own offset, so the register kernels read B straight from P through an offset
 * table ({@code b[bi + off[p]]}) instead of rows ldb apart. The {@code wp − outW} columns per row that fall in
 * the padding are computed and dropped (6 % more work for ResNet's 32-wide rows, 29 % for LeNet's conv2).
 * NOTE: im2col wrote patch·outH·outW floats per image (9× the image for 3×3 kernels, 25× for 5×5) and the
 * GEMM read them back; for layers with few output channels (ResNet-20's 16, LeNet's 6 and 16) that traffic
 * cost about as much as the arithmetic.
 *
 * <p>Weights are packed once per call into k-major micro-panels of {@code mr} rows (8, or 6 when the channel
 * count is a multiple of 6 but not of 8). Images are spread over the threads; a batch smaller than the thread
 * count spreads the column panels of each image instead.
 */
final class ImplicitConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Longest patch this path takes (the B panel of one tile, patch × nr floats, should stay near L2). */
    static final int MAX_PATCH = 1200;

    private ImplicitConv() {}

    /** Per-thread buffers: the padded image and one register tile. */
    private static final class Buffers {
        float[] padded = new float[0];
        float[] tile = new float[0];
        float[] grad = new float[0];
        final float[] dots = new float[16];
        final float[] lanes = new float[16 * L];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Geometries this path computes: stride 1, not a plain 1×1 product, patch at most {@link #MAX_PATCH}. */
    static boolean suits(ConvGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && !g.isPointwise() && g.patch() <= MAX_PATCH;
    }

    /**
     * Whether {@link #weightGradient} beats unfolding: rows long enough to amortise each 4 × 4 block's 16 lane
     * sums, and a small weight matrix (as {@link SgemmDot#suits}: 4 × 4 blocks re-read both operands once per
     * block, so a large one is bound by L2 bandwidth). NOTE: measured per-thread CPU time against unfold +
     * SGEMM: LeNet-5 conv1 ×1.56, ResNet-20 16-ch ×1.45, 32-ch ×1.06, 3-ch ×1.10, 64-ch at 56² ×2.06; rows of
     * 140 (LeNet conv2) ×0.26 and 80 (8 × 8 images) ×0.27; 128 × 1,152 weights at 28² ×0.64.
     */
    static boolean gradientSuits(ConvGeometry g) {
        return suits(g) && g.outH() * (g.w() + 2 * g.padW()) >= GRADIENT_COLUMNS && (long) g.kg() * g.patch() <= 64 * 1024;
    }

    /** Shortest row (padded-width columns of one image) {@link #gradientSuits} takes. */
    static final int GRADIENT_COLUMNS = 256;

    /** out = conv(x, weight) + bias (bias may be null), shapes as in {@link Conv2d#conv2dForward}. */
    static void forward(ConvGeometry g, float[] x, float[] weight, float[] bias, float[] out) {
        int kg = g.kg(), patch = g.patch();
        int mr = kg % 8 != 0 && kg % 6 == 0 ? 6 : 8;
        int nr = mr == 8 ? 3 * L : 4 * L;
        int mPad = (kg + mr - 1) / mr * mr;
        float[] packed = pack(g, weight, mr, mPad);
        int hp = g.h() + 2 * g.padH(), wp = g.w() + 2 * g.padW();
        int[] off = offsets(g, hp, wp);
        int columns = g.outH() * wp;
        int panels = (columns + nr - 1) / nr;
        // P, plus slack for the last panel's columns past the image (they read zeros and are dropped).
        int paddedSize = g.cg() * hp * wp + nr + (g.s() - 1) * g.dilationW() + L;
        Geometry geo = new Geometry(g, mr, nr, mPad, hp, wp, columns, off, packed, paddedSize);
        if (g.n() >= Parallel.threads() || Parallel.insideParallel()) {
            Parallel.parallelFor(g.n(), (lo, hi) -> {
                Buffers buf = BUFFERS.get();
                for (int img = lo; img < hi; img++) {
                    for (int grp = 0; grp < g.groups(); grp++) {
                        float[] p = pad(geo, x, img, grp, buf);
                        panels(geo, p, img, grp, 0, panels, bias, out, buf);
                    }
                }
            });
        } else {
            Buffers mine = BUFFERS.get();
            for (int img = 0; img < g.n(); img++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    // NOTE: the caller's padded buffer is read by the other threads only inside this parallelFor.
                    float[] p = pad(geo, x, img, grp, mine);
                    int image = img, group = grp;
                    Parallel.parallelFor(panels, (lo, hi) -> panels(geo, p, image, group, lo, hi, bias, out, BUFFERS.get()));
                }
            }
        }
    }

    /** Where row (ci, ki, kj) of the virtual cols matrix starts in the padded image. */
    private static int[] offsets(ConvGeometry g, int hp, int wp) {
        int[] off = new int[g.patch()];
        for (int ci = 0, p = 0; ci < g.cg(); ci++) {
            for (int ki = 0; ki < g.r(); ki++) {
                for (int kj = 0; kj < g.s(); kj++, p++) off[p] = (ci * hp + ki * g.dilationH()) * wp + kj * g.dilationW();
            }
        }
        return off;
    }

    /**
     * dWeight += dOut ⋆ x (the weight gradient) for the geometries {@link #suits} takes: per image, the dot
     * products of dOut's rows, laid out in the padded width with zeros in the dropped columns, with the rows
     * of the virtual cols matrix read from the padded image ({@link SgemmDot#block4x4}, 4 × 4 at a time). Each
     * thread sums its images into its own partial, and the partials are added in a fixed order, so results
     * do not depend on thread timing.
     */
    static void weightGradient(ConvGeometry g, float[] x, float[] dOut, float[] dWeight) {
        int hp = g.h() + 2 * g.padH(), wp = g.w() + 2 * g.padW();
        int[] off = offsets(g, hp, wp);
        int columns = g.outH() * wp;
        int paddedSize = g.cg() * hp * wp + (g.s() - 1) * g.dilationW() + L;
        Geometry geo = new Geometry(g, 0, 0, 0, hp, wp, columns, off, null, paddedSize);
        int chunks = Math.max(1, Math.min(Parallel.threads(), g.n()));
        float[][] partials = new float[chunks][];
        Parallel.parallelFor(chunks, (lo, hi) -> {
            Buffers buf = BUFFERS.get();
            for (int chunk = lo; chunk < hi; chunk++) {
                // NOTE: a fresh array, not scratch: the partials are summed after the parallelFor.
                float[] dW = new float[g.weightSize()];
                for (int img = (int) ((long) g.n() * chunk / chunks); img < (long) g.n() * (chunk + 1) / chunks; img++) {
                    for (int grp = 0; grp < g.groups(); grp++) {
                        float[] p = pad(geo, x, img, grp, buf);
                        float[] d = spread(geo, dOut, img, grp, buf);
                        dots(geo, d, p, dW, grp * g.kg() * g.patch(), buf);
                    }
                }
                partials[chunk] = dW;
            }
        });
        for (float[] dW : partials) for (int i = 0; i < dW.length; i++) dWeight[i] += dW[i];
    }

    /** The group's rows of dOut for one image in the padded width (kg, outH·wp), zero in the dropped columns. */
    private static float[] spread(Geometry geo, float[] dOut, int img, int grp, Buffers buf) {
        ConvGeometry g = geo.g;
        int size = g.kg() * geo.columns + L;
        if (buf.grad.length < size) buf.grad = new float[size];
        float[] d = buf.grad;
        Arrays.fill(d, 0, size, 0f);
        int outW = g.outW(), plane = g.outH() * outW;
        for (int k = 0; k < g.kg(); k++) {
            int src = (img * g.k() + grp * g.kg() + k) * plane;
            for (int oy = 0; oy < g.outH(); oy++) System.arraycopy(dOut, src + oy * outW, d, k * geo.columns + oy * geo.wp, outW);
        }
        return d;
    }

    /** dW[wOff + i·patch + j] += Σ_n' d[i][n']·p[off[j] + n'] over one image's columns, in 4 × 4 blocks (edges repeat their last row). */
    private static void dots(Geometry geo, float[] d, float[] p, float[] dW, int wOff, Buffers buf) {
        ConvGeometry g = geo.g;
        int kg = g.kg(), patch = g.patch(), n = geo.columns;
        int[] off = geo.off;
        for (int i = 0; i < kg; i += 4) {
            int mi = Math.min(4, kg - i);
            int a0 = i * n, a1 = (i + Math.min(1, mi - 1)) * n, a2 = (i + Math.min(2, mi - 1)) * n, a3 = (i + Math.min(3, mi - 1)) * n;
            for (int j = 0; j < patch; j += 4) {
                int nj = Math.min(4, patch - j);
                SgemmDot.block4x4(n, d, a0, a1, a2, a3, p, off[j], off[j + Math.min(1, nj - 1)], off[j + Math.min(2, nj - 1)],
                        off[j + Math.min(3, nj - 1)], buf.dots, buf.lanes);
                for (int ii = 0; ii < mi; ii++) {
                    for (int jj = 0; jj < nj; jj++) dW[wOff + (i + ii) * patch + j + jj] += buf.dots[ii * 4 + jj];
                }
            }
        }
    }

    private record Geometry(ConvGeometry g, int mr, int nr, int mPad, int hp, int wp, int columns, int[] off,
                            float[] packed, int paddedSize) {}

    /** Weights of every group as k-major micro-panels: element (row i, depth p) of a group at base + (i / mr)·mr·patch + p·mr + i % mr. */
    private static float[] pack(ConvGeometry g, float[] weight, int mr, int mPad) {
        int kg = g.kg(), patch = g.patch();
        float[] packed = new float[g.groups() * mPad * patch];
        for (int grp = 0; grp < g.groups(); grp++) {
            int base = grp * mPad * patch;
            for (int i = 0; i < kg; i++) {
                int src = (grp * kg + i) * patch, dst = base + (i / mr) * mr * patch + i % mr;
                for (int p = 0; p < patch; p++) packed[dst + p * mr] = weight[src + p];
            }
        }
        return packed;
    }

    /** The group's channels of one image, zero-padded, into the thread's buffer. */
    private static float[] pad(Geometry geo, float[] x, int img, int grp, Buffers buf) {
        ConvGeometry g = geo.g;
        if (buf.padded.length < geo.paddedSize) buf.padded = new float[geo.paddedSize];
        float[] p = buf.padded;
        Arrays.fill(p, 0, geo.paddedSize, 0f);
        int hw = g.h() * g.w();
        int src = (img * g.c() + grp * g.cg()) * hw;
        for (int ci = 0; ci < g.cg(); ci++) {
            for (int y = 0; y < g.h(); y++) {
                System.arraycopy(x, src + ci * hw + y * g.w(), p, (ci * geo.hp + y + g.padH()) * geo.wp + g.padW(), g.w());
            }
        }
        return p;
    }

    /** Column panels [lo, hi) of one image and group: every row tile, written into out (+ bias). */
    private static void panels(Geometry geo, float[] p, int img, int grp, int lo, int hi, float[] bias, float[] out, Buffers buf) {
        ConvGeometry g = geo.g;
        int mr = geo.mr, nr = geo.nr, kg = g.kg(), patch = g.patch();
        if (buf.tile.length < mr * nr) buf.tile = new float[mr * nr];
        float[] t = buf.tile;
        int wBase = grp * geo.mPad * patch;
        for (int panel = lo; panel < hi; panel++) {
            int jr = panel * nr;
            for (int ir = 0; ir < kg; ir += mr) {
                if (mr == 8) kernel8x3(patch, geo.packed, wBase + ir * patch, p, jr, geo.off, t);
                else kernel6x4(patch, geo.packed, wBase + ir * patch, p, jr, geo.off, t);
                store(geo, t, img, grp * kg + ir, Math.min(mr, kg - ir), jr, bias, out);
            }
        }
    }

    /** Rows [0, h) of tile t (columns n' from jr) into out, dropping the columns that fall in the padding. */
    private static void store(Geometry geo, float[] t, int img, int k0, int h, int jr, float[] bias, float[] out) {
        ConvGeometry g = geo.g;
        int wp = geo.wp, outW = g.outW(), nr = geo.nr;
        int end = Math.min(jr + nr, geo.columns);
        int plane = g.outH() * outW;
        for (int i = 0; i < h; i++) {
            int k = k0 + i;
            float b = bias == null ? 0f : bias[k];
            int base = (img * g.k() + k) * plane;
            int ti = i * nr - jr;
            for (int n = jr; n < end; ) {
                int oy = n / wp, ox = n - oy * wp;
                int rowEnd = Math.min(end, (oy + 1) * wp);
                int valid = Math.min(rowEnd, oy * wp + outW);
                int dst = base + oy * outW - oy * wp;
                for (int j = n; j < valid; j++) out[dst + j] = t[ti + j] + b;
                n = rowEnd;
            }
        }
    }

    // The register kernels: SgemmMicroKernels' 8×3L and 6×4L tiles with B row p at b[bi + off[p]] instead of
    // b[bi + p·ldb]. NOTE: twins, not one kernel for both: the SGEMM kernels would pay an extra load per step for
    // an offset table they do not need, and C2 keeps the 24 accumulators in registers only when each kernel
    // names them (see SgemmMicroKernels).

    /** Tile (8, 3·L) = A panel (8, kc; packed k-major) · B, B row p being the 3·L floats at b[bi + off[p]]. */
    static void kernel8x3(int kc, float[] a, int ai, float[] b, int bi, int[] off, float[] t) {
        FloatVector c00 = FloatVector.zero(S); FloatVector c01 = FloatVector.zero(S); FloatVector c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S); FloatVector c11 = FloatVector.zero(S); FloatVector c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S); FloatVector c21 = FloatVector.zero(S); FloatVector c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S); FloatVector c31 = FloatVector.zero(S); FloatVector c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S); FloatVector c41 = FloatVector.zero(S); FloatVector c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S); FloatVector c51 = FloatVector.zero(S); FloatVector c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S); FloatVector c61 = FloatVector.zero(S); FloatVector c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S); FloatVector c71 = FloatVector.zero(S); FloatVector c72 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * 8, bp = bi + off[p];
            FloatVector b0 = FloatVector.fromArray(S, b, bp); FloatVector b1 = FloatVector.fromArray(S, b, bp + 1 * L); FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ap + 0]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
            FloatVector a4 = FloatVector.broadcast(S, a[ap + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42);
            FloatVector a5 = FloatVector.broadcast(S, a[ap + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52);
            FloatVector a6 = FloatVector.broadcast(S, a[ap + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61); c62 = a6.fma(b2, c62);
            FloatVector a7 = FloatVector.broadcast(S, a[ap + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71); c72 = a7.fma(b2, c72);
        }
        c00.intoArray(t, 0 * L); c01.intoArray(t, 1 * L); c02.intoArray(t, 2 * L);
        c10.intoArray(t, 3 * L); c11.intoArray(t, 4 * L); c12.intoArray(t, 5 * L);
        c20.intoArray(t, 6 * L); c21.intoArray(t, 7 * L); c22.intoArray(t, 8 * L);
        c30.intoArray(t, 9 * L); c31.intoArray(t, 10 * L); c32.intoArray(t, 11 * L);
        c40.intoArray(t, 12 * L); c41.intoArray(t, 13 * L); c42.intoArray(t, 14 * L);
        c50.intoArray(t, 15 * L); c51.intoArray(t, 16 * L); c52.intoArray(t, 17 * L);
        c60.intoArray(t, 18 * L); c61.intoArray(t, 19 * L); c62.intoArray(t, 20 * L);
        c70.intoArray(t, 21 * L); c71.intoArray(t, 22 * L); c72.intoArray(t, 23 * L);
    }

    /** Tile (6, 4·L) = A panel (6, kc; packed k-major) · B, B row p being the 4·L floats at b[bi + off[p]]. */
    static void kernel6x4(int kc, float[] a, int ai, float[] b, int bi, int[] off, float[] t) {
        FloatVector c00 = FloatVector.zero(S); FloatVector c01 = FloatVector.zero(S); FloatVector c02 = FloatVector.zero(S); FloatVector c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S); FloatVector c11 = FloatVector.zero(S); FloatVector c12 = FloatVector.zero(S); FloatVector c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S); FloatVector c21 = FloatVector.zero(S); FloatVector c22 = FloatVector.zero(S); FloatVector c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S); FloatVector c31 = FloatVector.zero(S); FloatVector c32 = FloatVector.zero(S); FloatVector c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S); FloatVector c41 = FloatVector.zero(S); FloatVector c42 = FloatVector.zero(S); FloatVector c43 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S); FloatVector c51 = FloatVector.zero(S); FloatVector c52 = FloatVector.zero(S); FloatVector c53 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * 6, bp = bi + off[p];
            FloatVector b0 = FloatVector.fromArray(S, b, bp); FloatVector b1 = FloatVector.fromArray(S, b, bp + 1 * L); FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L); FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ap + 0]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22); c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32); c33 = a3.fma(b3, c33);
            FloatVector a4 = FloatVector.broadcast(S, a[ap + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42); c43 = a4.fma(b3, c43);
            FloatVector a5 = FloatVector.broadcast(S, a[ap + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52); c53 = a5.fma(b3, c53);
        }
        c00.intoArray(t, 0 * L); c01.intoArray(t, 1 * L); c02.intoArray(t, 2 * L); c03.intoArray(t, 3 * L);
        c10.intoArray(t, 4 * L); c11.intoArray(t, 5 * L); c12.intoArray(t, 6 * L); c13.intoArray(t, 7 * L);
        c20.intoArray(t, 8 * L); c21.intoArray(t, 9 * L); c22.intoArray(t, 10 * L); c23.intoArray(t, 11 * L);
        c30.intoArray(t, 12 * L); c31.intoArray(t, 13 * L); c32.intoArray(t, 14 * L); c33.intoArray(t, 15 * L);
        c40.intoArray(t, 16 * L); c41.intoArray(t, 17 * L); c42.intoArray(t, 18 * L); c43.intoArray(t, 19 * L);
        c50.intoArray(t, 20 * L); c51.intoArray(t, 21 * L); c52.intoArray(t, 22 * L); c53.intoArray(t, 23 * L);
    }
}

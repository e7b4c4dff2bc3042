package org.fovea.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * im2col and its adjoint col2im for one image and one group, over a block of output rows.
 * cols is (cg·r·s, rows·outW) row-major: row (ci, ki, kj), column (oy − oy0, ox) holds
 * x[ci, oy·strideH − padH + ki·dilationH, ox·strideW − padW + kj·dilationW], or 0 outside the image.
 * For each kernel column kj the output columns that read inside the image form one range [lo, hi),
 * computed once, so the inner loops carry no bounds checks (and stride 1 is a plain copy or vector add).
 *
 * <p>With stride 1 over whole images the work goes through a zero-padded copy of the image instead: every
 * row segment of cols is then a run of whole vectors and one masked tail, with no zero fills and no per-row
 * bounds logic (LeNet's 28- and 10-wide rows cost one System.arraycopy call each otherwise, which dominated).
 */
final class Im2col {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Im2col() {}

    /** First output column whose input column ix0 + ox·stride is ≥ 0. */
    private static int firstInside(int ix0, int stride) {
        return ix0 >= 0 ? 0 : Math.ceilDiv(-ix0, stride);
    }

    /** One past the last output column whose input column is < w, clipped to [lo, outW]. */
    private static int endInside(int ix0, int stride, int w, int outW, int lo) {
        if (ix0 > w - 1) return lo;
        return Math.max(lo, Math.min(outW, (w - 1 - ix0) / stride + 1));
    }

    /**
     * x points at channel 0 of the group in one image (offset xOff); output rows [oy0, oy1). Row r of the
     * result starts at cols[colsOff + r·ldCols] (ldCols ≥ (oy1 − oy0)·outW, so several images can sit side by side).
     */
    static void im2col(ConvGeometry g, float[] x, int xOff, int oy0, int oy1, float[] cols, int colsOff, int ldCols) {
        int outW = g.outW();
        int sw = g.strideW();
        int row = 0;
        for (int ci = 0; ci < g.cg(); ci++) {
            int plane = xOff + ci * g.h() * g.w();
            for (int ki = 0; ki < g.r(); ki++) {
                for (int kj = 0; kj < g.s(); kj++, row++) {
                    int ix0 = kj * g.dilationW() - g.padW();
                    int lo = Math.min(firstInside(ix0, sw), outW);
                    int hi = endInside(ix0, sw, g.w(), outW, lo);
                    int at = colsOff + row * ldCols;
                    for (int oy = oy0; oy < oy1; oy++, at += outW) {
                        int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
                        if (iy < 0 || iy >= g.h()) {
                            Arrays.fill(cols, at, at + outW, 0f);
                            continue;
                        }
                        int src = plane + iy * g.w() + ix0;
                        if (lo > 0) Arrays.fill(cols, at, at + lo, 0f);
                        if (sw == 1) {
                            // NOTE: guarded: with an input narrower than the kernel no column may read inside
                            // the image, and src + lo is then negative, which arraycopy rejects even for length 0
                            if (hi > lo) System.arraycopy(x, src + lo, cols, at + lo, hi - lo);
                        } else {
                            for (int ox = lo; ox < hi; ox++) cols[at + ox] = x[src + ox * sw];
                        }
                        if (hi < outW) Arrays.fill(cols, at + hi, at + outW, 0f);
                    }
                }
            }
        }
    }

    /**
     * The first {@code lanes} lanes. NOTE: from a bit pattern, which compiles to one mask register;
     * S.indexInRange went through a slow generic path on every call (12 % of LeNet's conv2).
     */
    private static VectorMask<Float> tailMask(int lanes) {
        return VectorMask.fromLong(S, lanes >= 64 ? -1L : (1L << lanes) - 1);
    }

    /** True when {@link #im2colPadded} and {@link #col2imPadded} apply: stride 1 and not a plain 1×1 copy. */
    static boolean paddedSuits(ConvGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && !g.isPointwise();
    }

    /** Floats of one group's zero-padded image, with a vector of slack for the last unmasked loads. */
    private static int paddedSize(ConvGeometry g) {
        return g.cg() * (g.h() + 2 * g.padH()) * (g.w() + 2 * g.padW()) + S.length();
    }

    /** im2col of all output rows for a stride-1 geometry ({@link #paddedSuits}); same layout as {@link #im2col}. */
    static void im2colPadded(ConvGeometry g, float[] x, int xOff, float[] cols, int colsOff, int ldCols) {
        int hp = g.h() + 2 * g.padH();
        int wp = g.w() + 2 * g.padW();
        float[] p = Scratch.get(Scratch.PADDED, paddedSize(g));
        Arrays.fill(p, 0, paddedSize(g), 0f);
        for (int ci = 0; ci < g.cg(); ci++) {
            for (int y = 0; y < g.h(); y++) {
                System.arraycopy(x, xOff + (ci * g.h() + y) * g.w(), p, (ci * hp + y + g.padH()) * wp + g.padW(), g.w());
            }
        }
        int outW = g.outW();
        int outH = g.outH();
        int full = outW - outW % S.length();
        VectorMask<Float> tail = tailMask(outW - full);
        int row = 0;
        for (int ci = 0; ci < g.cg(); ci++) {
            for (int ki = 0; ki < g.r(); ki++) {
                for (int kj = 0; kj < g.s(); kj++, row++) {
                    int src = (ci * hp + ki * g.dilationH()) * wp + kj * g.dilationW();
                    int at = colsOff + row * ldCols;
                    for (int oy = 0; oy < outH; oy++, src += wp, at += outW) {
                        for (int i = 0; i < full; i += S.length()) FloatVector.fromArray(S, p, src + i).intoArray(cols, at + i);
                        if (full < outW) FloatVector.fromArray(S, p, src + full).intoArray(cols, at + full, tail);
                    }
                }
            }
        }
    }

    /** dx[group channels of one image] += col2im(cols) over all output rows, for {@link #paddedSuits} geometries. */
    static void col2imPadded(ConvGeometry g, float[] cols, int colsOff, int ldCols, float[] dx, int dxOff) {
        int hp = g.h() + 2 * g.padH();
        int wp = g.w() + 2 * g.padW();
        float[] p = Scratch.get(Scratch.PADDED_GRAD, paddedSize(g));
        Arrays.fill(p, 0, paddedSize(g), 0f);
        int outW = g.outW();
        int outH = g.outH();
        int full = outW - outW % S.length();
        VectorMask<Float> tail = tailMask(outW - full);
        // NOTE: channel innermost, so consecutive adds go to different planes of p. In im2col's order (kj
        // innermost) each add re-read, one lane further on, the vector just stored; with rows narrower than a
        // vector, even consecutive rows overlap. Such a load waits for the store to retire (store forwarding
        // fails on overlapping misaligned accesses): LeNet's conv2 col2im ran 4x slower.
        int plane = hp * wp;
        int rs = g.r() * g.s();
        for (int kj = 0; kj < g.s(); kj++) {
            for (int ki = 0; ki < g.r(); ki++) {
                for (int oy = 0; oy < outH; oy++) {
                    int dst = (ki * g.dilationH() + oy) * wp + kj * g.dilationW();
                    int at = colsOff + (ki * g.s() + kj) * ldCols + oy * outW;
                    for (int ci = 0; ci < g.cg(); ci++, dst += plane, at += rs * ldCols) {
                        for (int i = 0; i < full; i += S.length()) {
                            FloatVector.fromArray(S, p, dst + i).add(FloatVector.fromArray(S, cols, at + i)).intoArray(p, dst + i);
                        }
                        if (full < outW) {
                            // NOTE: a masked load is slow (not intrinsified here); a plain load does when it fits.
                            FloatVector v = at + full + S.length() <= cols.length
                                    ? FloatVector.fromArray(S, cols, at + full) : FloatVector.fromArray(S, cols, at + full, tail);
                            // lanes past the tail add zero (p has a vector of slack), so the store needs no mask
                            FloatVector.fromArray(S, p, dst + full).add(FloatVector.zero(S).blend(v, tail)).intoArray(p, dst + full);
                        }
                    }
                }
            }
        }
        for (int ci = 0; ci < g.cg(); ci++) {
            for (int y = 0; y < g.h(); y++) {
                addInto(p, (ci * hp + y + g.padH()) * wp + g.padW(), dx, dxOff + (ci * g.h() + y) * g.w(), g.w());
            }
        }
    }

    /** dx[group channels of one image] += the adjoint of im2col applied to cols (laid out as im2col writes it). */
    static void col2im(ConvGeometry g, float[] cols, int colsOff, int ldCols, int oy0, int oy1, float[] dx, int dxOff) {
        int outW = g.outW();
        int sw = g.strideW();
        int row = 0;
        for (int ci = 0; ci < g.cg(); ci++) {
            int plane = dxOff + ci * g.h() * g.w();
            for (int ki = 0; ki < g.r(); ki++) {
                for (int kj = 0; kj < g.s(); kj++, row++) {
                    int ix0 = kj * g.dilationW() - g.padW();
                    int lo = Math.min(firstInside(ix0, sw), outW);
                    int hi = endInside(ix0, sw, g.w(), outW, lo);
                    int at = colsOff + row * ldCols;
                    for (int oy = oy0; oy < oy1; oy++, at += outW) {
                        int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
                        if (iy < 0 || iy >= g.h()) continue;
                        int dst = plane + iy * g.w() + ix0;
                        if (sw == 1) {
                            addInto(cols, at + lo, dx, dst + lo, hi - lo);
                        } else {
                            for (int ox = lo; ox < hi; ox++) dx[dst + ox * sw] += cols[at + ox];
                        }
                    }
                }
            }
        }
    }

    /** dst[dOff + i] += src[sOff + i] for i in [0, len). */
    private static void addInto(float[] src, int sOff, float[] dst, int dOff, int len) {
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += S.length()) {
            FloatVector.fromArray(S, dst, dOff + i).add(FloatVector.fromArray(S, src, sOff + i)).intoArray(dst, dOff + i);
        }
        for (; i < len; i++) dst[dOff + i] += src[sOff + i];
    }
}

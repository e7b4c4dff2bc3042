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
 * <p>Over whole images the work goes through a zero-padded copy of the image split into stride phases instead
 * (see {@link #im2colPadded}): every row segment of cols is then a run of whole vectors and one masked tail.
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

    /** True when {@link #im2colPadded} and {@link #col2imPadded} apply: not a plain 1×1 copy. */
    static boolean paddedSuits(ConvGeometry g) {
        return !g.isPointwise();
    }

    /**
     * The stride phases of one group's zero-padded image: phase (a, b) of channel ci is the plane of hq × wq
     * padded pixels (y·strideH + a, x·strideW + b), at ((ci·strideH + a)·strideW + b)·hq·wq. With stride 1 it
     * is the zero-padded image itself.
     */
    private record Phases(int hq, int wq, int channel, int size) {
        static Phases of(ConvGeometry g) {
            int hq = Math.ceilDiv(g.h() + 2 * g.padH(), g.strideH()), wq = Math.ceilDiv(g.w() + 2 * g.padW(), g.strideW());
            int channel = g.strideH() * g.strideW() * hq * wq;
            // a vector of slack for the last unmasked loads
            return new Phases(hq, wq, channel, g.cg() * channel + S.length());
        }

        /** Where padded row py of channel 0 starts (add {@link #column} for a pixel). */
        int row(ConvGeometry g, int py) {
            return (py % g.strideH() * g.strideW() * hq + py / g.strideH()) * wq;
        }

        /** Where padded column px lies relative to its row. */
        int column(ConvGeometry g, int px) {
            return px % g.strideW() * hq * wq + px / g.strideW();
        }

        /** Where patch row (0, ki, kj) starts, for each kernel tap ki·s + kj. */
        int[] taps(ConvGeometry g) {
            int[] taps = new int[g.r() * g.s()];
            for (int ki = 0; ki < g.r(); ki++) {
                for (int kj = 0; kj < g.s(); kj++) taps[ki * g.s() + kj] = row(g, ki * g.dilationH()) + column(g, kj * g.dilationW());
            }
            return taps;
        }
    }

    /**
     * The runs of one group's image that land contiguously in the phases, as (from, to, count) triples: input
     * elements from, from + strideW, … (count of them) at phase positions to, to + 1, …; returns the table's
     * length. NOTE: rows are walked phase by phase, so nothing is divided per row (integer divisions per row cost
     * as much as the copy), and callers loop over the table rather than take a callback per run (megamorphic
     * across the four copies, it cost as much again).
     */
    private static int runs(ConvGeometry g, Phases ph, int xOff, int[] table) {
        int sh = g.strideH(), sw = g.strideW(), w = g.w();
        int n = 0;
        for (int b = 0; b < sw; b++) {
            // input columns ix with (ix + padW) mod sw = b form one run of phase b
            int ix = Math.floorMod(b - g.padW(), sw);
            if (ix >= w) continue;
            int columnAt = ph.column(g, ix + g.padW()), count = (w - ix + sw - 1) / sw;
            for (int ci = 0; ci < g.cg(); ci++) {
                for (int a = 0; a < sh; a++) {
                    for (int yq = 0; yq < ph.hq; yq++) {
                        int y = yq * sh + a - g.padH();
                        if (y < 0 || y >= g.h()) continue;
                        table[n++] = xOff + (ci * g.h() + y) * w + ix;
                        table[n++] = ci * ph.channel + (a * sw * ph.hq + yq) * ph.wq + columnAt;
                        table[n++] = count;
                    }
                }
            }
        }
        return n;
    }

    /**
     * p[to + i] = x[from + 2·i] for i in [0, count): the even lanes of two vectors by one permute. NOTE: the
     * element loop cost 0.6 ns per element, half of a stride-2 im2col.
     */
    static void everyOther(float[] x, int from, float[] p, int to, int count) {
        int i = 0;
        for (; i + S.length() <= count && from + 2 * (i + S.length()) <= x.length; i += S.length()) {
            FloatVector v0 = FloatVector.fromArray(S, x, from + 2 * i), v1 = FloatVector.fromArray(S, x, from + 2 * i + S.length());
            EVEN.selectFrom(v0, v1).intoArray(p, to + i);
        }
        for (; i < count; i++) p[to + i] = x[from + 2 * i];
    }

    /** The thread's run table, large enough for {@link #runs} of g. */
    private static int[] runTable(ConvGeometry g) {
        int[] t = RUNS.get();
        int size = 3 * g.cg() * g.h() * g.strideW();
        if (t.length < size) RUNS.set(t = new int[size]);
        return t;
    }

    /** Lane l holds 2·l: selects the even lanes of two concatenated vectors. */
    private static final FloatVector EVEN = FloatVector.zero(S).addIndex(2);
    /** Lane 2·l holds l (the low half of the first vector), odd lanes the second vector's lane 0. */
    private static final FloatVector SPREAD_LOW = spread(0);
    /** The same for the high half of the first vector. */
    private static final FloatVector SPREAD_HIGH = spread(S.length() / 2);

    private static FloatVector spread(int first) {
        float[] index = new float[S.length()];
        for (int l = 0; l < index.length; l++) index[l] = l % 2 == 0 ? first + l / 2 : S.length();
        return FloatVector.fromArray(S, index, 0);
    }

    private static final ThreadLocal<int[]> RUNS = ThreadLocal.withInitial(() -> new int[0]);

    /**
     * im2col of all output rows ({@link #paddedSuits} geometries) through the image's stride phases: output pixel
     * (oy, ox) of patch row (ci, ki, kj) is pixel (oy + ki·dilationH / strideH, ox + kj·dilationW / strideW) of
     * phase ((ki·dilationH) mod strideH, (kj·dilationW) mod strideW), so every row segment of cols is a contiguous
     * run of one plane: whole vectors and one masked tail, no zero fills, no per-row bounds logic (LeNet's 28- and
     * 10-wide rows cost one System.arraycopy call each otherwise, which dominated; the strided element-by-element
     * copy was half of a stride-2 layer's forward time). Same layout as {@link #im2col}. NOTE: per-thread CPU
     * time, 1 thread, strided copy → phases (with {@link #everyOther}): ResNet-20 16→32 stride 2 forward
     * 5.3-5.4 → 3.8-3.9 ms, dX 5.7-5.9 → 5.0-5.1 ms; 32→64 stride 2 forward 3.9-4.1 → 3.6-3.7 ms, dX within noise.
     */
    static void im2colPadded(ConvGeometry g, float[] x, int xOff, float[] cols, int colsOff, int ldCols) {
        Phases ph = Phases.of(g);
        float[] p = Scratch.get(Scratch.PADDED, ph.size());
        Arrays.fill(p, 0, ph.size(), 0f);
        int sw = g.strideW();
        int[] table = runTable(g);
        for (int t = 0, n = runs(g, ph, xOff, table); t < n; t += 3) {
            int from = table[t], to = table[t + 1], count = table[t + 2];
            if (sw == 1) {
                System.arraycopy(x, from, p, to, count);
                continue;
            }
            if (sw == 2) everyOther(x, from, p, to, count);
            else for (int i = 0; i < count; i++) p[to + i] = x[from + i * sw];
        }
        int outW = g.outW();
        int outH = g.outH();
        int full = outW - outW % S.length();
        VectorMask<Float> tail = tailMask(outW - full);
        int[] taps = ph.taps(g);
        int row = 0;
        for (int ci = 0; ci < g.cg(); ci++) {
            for (int ki = 0; ki < g.r(); ki++) {
                for (int kj = 0; kj < g.s(); kj++, row++) {
                    int src = ci * ph.channel() + taps[ki * g.s() + kj];
                    int at = colsOff + row * ldCols;
                    for (int oy = 0; oy < outH; oy++, src += ph.wq(), at += outW) {
                        for (int i = 0; i < full; i += S.length()) FloatVector.fromArray(S, p, src + i).intoArray(cols, at + i);
                        if (full < outW) FloatVector.fromArray(S, p, src + full).intoArray(cols, at + full, tail);
                    }
                }
            }
        }
    }

    /** dx[group channels of one image] += col2im(cols) over all output rows, for {@link #paddedSuits} geometries. */
    static void col2imPadded(ConvGeometry g, float[] cols, int colsOff, int ldCols, float[] dx, int dxOff) {
        Phases ph = Phases.of(g);
        float[] p = Scratch.get(Scratch.PADDED_GRAD, ph.size());
        Arrays.fill(p, 0, ph.size(), 0f);
        int outW = g.outW();
        int outH = g.outH();
        int full = outW - outW % S.length();
        VectorMask<Float> tail = tailMask(outW - full);
        // NOTE: channel innermost, so consecutive adds go to different planes of p. In im2col's order (kj
        // innermost) each add re-read, one lane further on, the vector just stored; with rows narrower than a
        // vector, even consecutive rows overlap. Such a load waits for the store to retire (store forwarding
        // fails on overlapping misaligned accesses): LeNet's conv2 col2im ran 4x slower.
        int channel = ph.channel();
        int[] taps = ph.taps(g);
        int rs = g.r() * g.s();
        for (int kj = 0; kj < g.s(); kj++) {
            for (int ki = 0; ki < g.r(); ki++) {
                for (int oy = 0; oy < outH; oy++) {
                    int dst = taps[ki * g.s() + kj] + oy * ph.wq();
                    int at = colsOff + (ki * g.s() + kj) * ldCols + oy * outW;
                    for (int ci = 0; ci < g.cg(); ci++, dst += channel, at += rs * ldCols) {
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
        int sw = g.strideW();
        int[] table = runTable(g);
        for (int t = 0, n = runs(g, ph, dxOff, table); t < n; t += 3) {
            int from = table[t], to = table[t + 1], count = table[t + 2];
            if (sw == 1) {
                addInto(p, to, dx, from, count);
                continue;
            }
            int i = 0;
            if (sw == 2) {
                // the adjoint of the even-lane select: each half of a phase vector spread onto even lanes, zeros between
                FloatVector zero = FloatVector.zero(S);
                for (int l = S.length(); i + l <= count && from + 2 * (i + l) <= dx.length; i += l) {
                    FloatVector v = FloatVector.fromArray(S, p, to + i);
                    int at = from + 2 * i;
                    FloatVector.fromArray(S, dx, at).add(SPREAD_LOW.selectFrom(v, zero)).intoArray(dx, at);
                    FloatVector.fromArray(S, dx, at + l).add(SPREAD_HIGH.selectFrom(v, zero)).intoArray(dx, at + l);
                }
            }
            for (; i < count; i++) dx[from + i * sw] += p[to + i];
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

package org.fovea.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling with a 2×2 window, stride 2, no padding and every window inside the input (LeNet's, VGG's),
 * vectorised; {@link Pool2d} sends those geometries here. Same results as its general loop: the first maximum in
 * row-major window order wins ties, a NaN wins over everything (such blocks are redone by the general loop).
 *
 * <p>Forward, per block of planes: (1) the maximum of each vertical pair of input rows, with the index it came
 * from, into two scratch rows of width 2·outW; consecutive output rows' scratch rows are adjacent, so (2) the
 * horizontal pairs of the whole block are one flat even/odd split of the scratch (a two-source permute), whatever
 * outW is: LeNet's rows of 14 and 5 outputs would waste most of a 16-lane vector one row at a time.
 */
final class MaxPool2x2 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Scratch floats per block of planes: two arrays of 16 KB stay in L1 next to the rows they come from. */
    private static final int BLOCK = 4096;
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> 2 * i);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, i -> 2 * i + 1);
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private MaxPool2x2() {}

    /** True for a 2×2, stride-2, unpadded pooling whose windows all lie inside the input. */
    static boolean suits(PoolGeometry g) {
        return g.kh() == 2 && g.kw() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.padH() == 0 && g.padW() == 0
                && 2 * g.outH() <= g.h() && 2 * g.outW() <= g.w()
                && (long) g.h() * g.w() <= 1 << 24; // indices within a plane are carried exactly in float lanes
    }

    /** Forward over planes [lo, hi): out and argmax (index within the input plane) for each window. */
    static void forward(PoolGeometry g, float[] x, int lo, int hi, float[] out, int[] argmax) {
        int w = g.w(), oh = g.outH(), ow = g.outW(), w2 = 2 * ow, plane = g.h() * w, perPlane = oh * w2;
        int planes = Math.max(1, BLOCK / perPlane);
        float[][] scratch = SCRATCH.get();
        if (scratch[0].length < planes * perPlane) {
            scratch[0] = new float[planes * perPlane];
            scratch[1] = new float[planes * perPlane];
        }
        float[] tm = scratch[0], ti = scratch[1];
        FloatVector iota = FloatVector.zero(S).addIndex(1);
        int full = S.loopBound(w2);
        VectorMask<Float> tail = S.indexInRange(full, w2);
        for (int p0 = lo; p0 < hi; p0 += planes) {
            int p1 = Math.min(hi, p0 + planes);
            VectorMask<Float> nan = S.maskAll(false);
            int t = 0;
            for (int p = p0; p < p1; p++) {
                for (int oy = 0; oy < oh; oy++, t += w2) {
                    int base = 2 * oy * w, r0 = p * plane + base;
                    int c = 0;
                    for (; c < full; c += L) {
                        FloatVector a = FloatVector.fromArray(S, x, r0 + c), b = FloatVector.fromArray(S, x, r0 + w + c);
                        VectorMask<Float> lower = b.compare(VectorOperators.GT, a);
                        nan = nan.or(a.compare(VectorOperators.NE, a)).or(b.compare(VectorOperators.NE, b));
                        a.blend(b, lower).intoArray(tm, t + c);
                        iota.add(base + c).blend(iota.add(base + w + c), lower).intoArray(ti, t + c);
                    }
                    if (c < w2) {
                        FloatVector a = FloatVector.fromArray(S, x, r0 + c, tail), b = FloatVector.fromArray(S, x, r0 + w + c, tail);
                        VectorMask<Float> lower = b.compare(VectorOperators.GT, a);
                        nan = nan.or(a.compare(VectorOperators.NE, a)).or(b.compare(VectorOperators.NE, b));
                        a.blend(b, lower).intoArray(tm, t + c, tail);
                        iota.add(base + c).blend(iota.add(base + w + c), lower).intoArray(ti, t + c, tail);
                    }
                }
            }
            int o = p0 * oh * ow;
            if (nan.anyTrue()) {
                for (int p = p0; p < p1; p++) Pool2d.maxPoolPlane(g, x, p, out, argmax);
                continue;
            }
            int j = 0;
            for (int bound = t - t % (2 * L); j < bound; j += 2 * L, o += L) {
                FloatVector m0 = FloatVector.fromArray(S, tm, j), m1 = FloatVector.fromArray(S, tm, j + L);
                FloatVector i0 = FloatVector.fromArray(S, ti, j), i1 = FloatVector.fromArray(S, ti, j + L);
                FloatVector left = m0.rearrange(EVEN, m1), right = m0.rearrange(ODD, m1);
                FloatVector leftAt = i0.rearrange(EVEN, i1), rightAt = i0.rearrange(ODD, i1);
                // the right column wins if greater, or equal and earlier in row-major order (top right vs bottom left)
                VectorMask<Float> pick = right.compare(VectorOperators.GT, left)
                        .or(right.compare(VectorOperators.EQ, left).and(rightAt.compare(VectorOperators.LT, leftAt)));
                left.blend(right, pick).intoArray(out, o);
                ((IntVector) leftAt.blend(rightAt, pick).convert(VectorOperators.F2I, 0)).intoArray(argmax, o);
            }
            for (; j < t; j += 2, o++) {
                float left = tm[j], right = tm[j + 1];
                boolean pick = right > left || right == left && ti[j + 1] < ti[j];
                out[o] = pick ? right : left;
                argmax[o] = (int) (pick ? ti[j + 1] : ti[j]);
            }
        }
    }
}

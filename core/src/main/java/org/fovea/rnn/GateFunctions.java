package org.fovea.rnn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gate nonlinearities of the recurrent kernels: σ(x) = 1/(1 + e^−x) and tanh(x) = 1 − 2/(e^{2x} + 1),
 * built on one float exp: e^x = 2^n · p(r) with n = round(x·log₂e), r = x − n·ln 2 (Cody–Waite, two parts)
 * and p the degree-6 Taylor polynomial (|r| ≤ ln 2 / 2, relative error below 2·10⁻⁷). Only additions,
 * multiplications, FMAs and one division, so the vector forms and their scalar twins (the tails and the
 * test oracle) give the same bits, compiled or interpreted; the JDK's vector EXP would not (its intrinsic
 * and its fallback may differ in the last bit).
 * NOTE: five exponentials per LSTM unit and step made Math.exp/Math.tanh a third of the training time.
 * NOTE: the vector exp clamps with compares and blends (false for NaN, so NaN passes through) and takes
 * 2^n from the bits of x·log₂e + 1.5·2²³, whose low mantissa bits are n: FloatVector.max/min and the F2I
 * conversion carry Java's NaN and overflow rules, which C2 expands into several instructions each.
 */
final class GateFunctions {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145752f;
    private static final float LN2_LO = 1.42860677e-6f;
    /** 1.5·2²³: adding and subtracting it rounds a float of magnitude below 2²² to the nearest integer. */
    private static final float ROUND = 12582912f;
    /** The bits of ROUND less the exponent bias: (bits(ROUND + n) − ROUND_BITS) = n + 127. */
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND) - 127;
    private static final float MAX = 88f;
    private static final float MIN = -87f;
    private static final float C2 = 1 / 2f, C3 = 1 / 6f, C4 = 1 / 24f, C5 = 1 / 120f, C6 = 1 / 720f;

    private GateFunctions() {}

    /** e^x for x clamped to [−87, 88] (so 2^n stays a normal float); NaN stays NaN. */
    static float exp(float x) {
        float v = Math.min(Math.max(x, MIN), MAX);
        if (x != x) v = x;
        float n = (v * LOG2E + ROUND) - ROUND;
        float r = Math.fma(-n, LN2_LO, Math.fma(-n, LN2_HI, v));
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(C6, r, C5), r, C4), r, C3), r, C2), r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    static float sigmoid(float x) { return 1f / (1f + exp(-x)); }

    static float tanh(float x) { return 1f - 2f / (exp(2f * x) + 1f); }

    /** The vector twin of {@link #exp(float)}, lane by lane the same bits. */
    static FloatVector exp(FloatVector x) {
        FloatVector v = x.blend(c(MIN), x.lt(MIN));
        v = v.blend(c(MAX), v.compare(VectorOperators.GT, MAX));
        FloatVector t = v.mul(LOG2E).add(ROUND);
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.neg().fma(c(LN2_HI), v);
        r = n.neg().fma(c(LN2_LO), r);
        FloatVector one = c(1f);
        FloatVector p = c(C6).fma(r, c(C5)).fma(r, c(C4)).fma(r, c(C3)).fma(r, c(C2)).fma(r, one).fma(r, one);
        FloatVector scale = t.reinterpretAsInts().sub(ROUND_BITS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale);
    }

    /** σ lane by lane, the bits of {@link #sigmoid(float)}. */
    static FloatVector sigmoid(FloatVector x) { return c(1f).div(exp(x.neg()).add(1f)); }

    /** tanh lane by lane, the bits of {@link #tanh(float)}. */
    static FloatVector tanh(FloatVector x) { return c(1f).sub(c(2f).div(exp(x.add(x)).add(1f))); }

    private static FloatVector c(float v) { return FloatVector.broadcast(S, v); }

    /** a[off, off + len) ← σ(a). */
    static void sigmoid(float[] a, int off, int len) {
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += S.length()) {
            sigmoid(FloatVector.fromArray(S, a, off + i)).intoArray(a, off + i);
        }
        for (; i < len; i++) a[off + i] = sigmoid(a[off + i]);
    }

    /** out[outOff, outOff + len) ← tanh(a[off, off + len)); out may be a. */
    static void tanh(float[] a, int off, float[] out, int outOff, int len) {
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += S.length()) {
            tanh(FloatVector.fromArray(S, a, off + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) out[outOff + i] = tanh(a[off + i]);
    }
}

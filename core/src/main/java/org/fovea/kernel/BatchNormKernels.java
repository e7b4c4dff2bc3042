package org.fovea.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The row loops of batch normalisation (one channel of one image: a contiguous run of H·W values), as
 * vector code. Sums come back as float partials over one row, in a fixed lane order (see {@link Lanes}); the
 * caller adds the rows of a channel in double. NOTE: the scalar double loops they replace were one chain of
 * dependent adds each and cost 12 % of a ResNet-20 training step.
 */
public final class BatchNormKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private BatchNormKernels() {}

    /** Σ (a[i] − mean)² over a[off, off + len). */
    public static float sumSquaredDeviations(float[] a, int off, int len, float mean) {
        int l = S.length();
        FloatVector m = FloatVector.broadcast(S, mean);
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        int i = 0;
        for (int bound = len - len % (2 * l); i < bound; i += 2 * l) {
            FloatVector d0 = FloatVector.fromArray(S, a, off + i).sub(m);
            FloatVector d1 = FloatVector.fromArray(S, a, off + i + l).sub(m);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
        }
        for (int bound = S.loopBound(len); i < bound; i += l) {
            FloatVector d = FloatVector.fromArray(S, a, off + i).sub(m);
            s0 = d.fma(d, s0);
        }
        float s = Lanes.sum(s0.add(s1));
        for (; i < len; i++) {
            float d = a[off + i] - mean;
            s += d * d;
        }
        return s;
    }

    /** Σ a[aOff + i]·b[bOff + i] for i in [0, len). */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        int l = S.length();
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        int i = 0;
        for (int bound = len - len % (2 * l); i < bound; i += 2 * l) {
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
            s1 = FloatVector.fromArray(S, a, aOff + i + l).fma(FloatVector.fromArray(S, b, bOff + i + l), s1);
        }
        for (int bound = S.loopBound(len); i < bound; i += l) {
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
        }
        float s = Lanes.sum(s0.add(s1));
        for (; i < len; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    /** xhat = (in − mean)·invStd and out = gamma·xhat + beta over [at, at + len). */
    public static void normalize(float[] in, int at, int len, float mean, float invStd, float gamma, float beta,
                                 float[] xhat, float[] out) {
        FloatVector m = FloatVector.broadcast(S, mean);
        FloatVector is = FloatVector.broadcast(S, invStd);
        FloatVector g = FloatVector.broadcast(S, gamma);
        FloatVector b = FloatVector.broadcast(S, beta);
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += S.length()) {
            FloatVector h = FloatVector.fromArray(S, in, at + i).sub(m).mul(is);
            h.intoArray(xhat, at + i);
            h.fma(g, b).intoArray(out, at + i);
        }
        for (; i < len; i++) {
            float h = (in[at + i] - mean) * invStd;
            xhat[at + i] = h;
            out[at + i] = Math.fma(h, gamma, beta);
        }
    }

    /** out = in·scale + shift over [at, at + len). */
    public static void affine(float[] in, int at, int len, float scale, float shift, float[] out) {
        FloatVector s = FloatVector.broadcast(S, scale);
        FloatVector t = FloatVector.broadcast(S, shift);
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += S.length()) {
            FloatVector.fromArray(S, in, at + i).fma(s, t).intoArray(out, at + i);
        }
        for (; i < len; i++) out[at + i] = Math.fma(in[at + i], scale, shift);
    }

    /** dX = k·(m·d − sumD − xhat·sumDX) over [at, at + len). */
    public static void backward(float[] d, float[] xhat, int at, int len, float k, float m, float sumD, float sumDX, float[] dX) {
        FloatVector km = FloatVector.broadcast(S, k * m);
        FloatVector kd = FloatVector.broadcast(S, k * sumD);
        FloatVector kx = FloatVector.broadcast(S, k * sumDX);
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += S.length()) {
            FloatVector.fromArray(S, d, at + i).mul(km).sub(kd).sub(FloatVector.fromArray(S, xhat, at + i).mul(kx)).intoArray(dX, at + i);
        }
        for (; i < len; i++) dX[at + i] = d[at + i] * (k * m) - k * sumD - xhat[at + i] * (k * sumDX);
    }
}

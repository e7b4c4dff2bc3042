package org.fovea.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in a fixed order (lane 0 first), the same before and after the JIT compiles
 * the caller. NOTE: {@code reduceLanes(ADD)} is not: its interpreted fallback adds sequentially while the
 * compiled intrinsic adds pairwise, so the same training step gave different gradients before and after
 * warm-up, which broke exact resumption from checkpoints.
 */
public final class Lanes {
    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[FloatVector.SPECIES_MAX.length()]);

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Lanes() {}

    /**
     * a[off] + … + a[off + len − 1] in a fixed order: four vector accumulators over blocks of 4 vectors, then
     * their lanes, then the scalar tail. NOTE: a plain running sum is one dependent chain of adds (4 cycles
     * each): a conv's bias gradient, summed that way, took longer than its weight gradient.
     */
    public static float sum(float[] a, int off, int len) {
        int l = S.length();
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        int i = 0;
        for (int bound = len - len % (4 * l); i < bound; i += 4 * l) {
            s0 = s0.add(FloatVector.fromArray(S, a, off + i));
            s1 = s1.add(FloatVector.fromArray(S, a, off + i + l));
            s2 = s2.add(FloatVector.fromArray(S, a, off + i + 2 * l));
            s3 = s3.add(FloatVector.fromArray(S, a, off + i + 3 * l));
        }
        for (int bound = S.loopBound(len); i < bound; i += l) s0 = s0.add(FloatVector.fromArray(S, a, off + i));
        float s = sum(s0.add(s1).add(s2.add(s3)));
        for (; i < len; i++) s += a[off + i];
        return s;
    }

    public static float sum(FloatVector v) {
        float[] t = BUFFER.get();
        v.intoArray(t, 0);
        float s = 0f;
        for (int i = 0; i < v.length(); i++) s += t[i];
        return s;
    }
}

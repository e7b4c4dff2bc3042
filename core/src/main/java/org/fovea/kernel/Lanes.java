package org.fovea.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * The sum of a vector's lanes in a fixed order (lane 0 first), the same before and after the JIT compiles
 * the caller. NOTE: {@code reduceLanes(ADD)} is not: its interpreted fallback adds sequentially while the
 * compiled intrinsic adds pairwise, so the same training step gave different gradients before and after
 * warm-up, which broke exact resumption from checkpoints.
 */
public final class Lanes {
    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[FloatVector.SPECIES_MAX.length()]);

    private Lanes() {}

    public static float sum(FloatVector v) {
        float[] t = BUFFER.get();
        v.intoArray(t, 0);
        float s = 0f;
        for (int i = 0; i < v.length(); i++) s += t[i];
        return s;
    }
}

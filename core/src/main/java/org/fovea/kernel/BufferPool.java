package org.fovea.kernel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Large float arrays kept between training steps, keyed by exact size (DESIGN.md, Memory: steady-state
 * training allocates no new large arrays per step). A step takes what it needs and gives it back when its
 * backward pass is done; an array never given back is simply garbage collected. Contents are garbage on
 * take. At most {@link #PER_SIZE} arrays of one size are kept.
 */
public final class BufferPool {
    static final int PER_SIZE = 4;
    private static final ConcurrentHashMap<Integer, ConcurrentLinkedDeque<float[]>> FREE = new ConcurrentHashMap<>();

    private BufferPool() {}

    public static float[] take(int size) {
        ConcurrentLinkedDeque<float[]> q = FREE.get(size);
        float[] a = q == null ? null : q.pollFirst();
        return a != null ? a : new float[size];
    }

    public static void give(float[] array) {
        ConcurrentLinkedDeque<float[]> q = FREE.computeIfAbsent(array.length, k -> new ConcurrentLinkedDeque<>());
        if (q.size() < PER_SIZE) q.addFirst(array);
    }
}

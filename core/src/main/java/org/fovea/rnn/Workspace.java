package org.fovea.rnn;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Float arrays that the recurrent kernels keep from a forward pass to its backward pass and then hand back,
 * so that training allocates (and zeroes, and collects) its ~30 MB of per-sequence workspace once rather
 * than at every step (LSTM at N = 64, T = 50, H = 256). Arrays come back with arbitrary contents: callers
 * write every element they read. Held softly, a few at a time, so an idle pool never pins memory the
 * heap needs. An array that is never handed back (a forward without backward) is simply collected.
 */
final class Workspace {
    /** Free arrays kept at most: a few layers' and directions' worth of LSTM workspaces. */
    private static final int MAX_FREE = 24;
    private static final ArrayDeque<SoftReference<float[]>> FREE = new ArrayDeque<>();

    private Workspace() {}

    /** An array of exactly {@code size} floats, contents arbitrary. */
    static float[] take(int size) {
        synchronized (FREE) {
            for (Iterator<SoftReference<float[]>> it = FREE.iterator(); it.hasNext(); ) {
                float[] a = it.next().get();
                if (a == null) {
                    it.remove();
                } else if (a.length == size) {
                    it.remove();
                    return a;
                }
            }
        }
        return new float[size];
    }

    /** Hands arrays back; the caller must hold no other reference that it still uses. */
    static void give(float[]... arrays) {
        synchronized (FREE) {
            for (float[] a : arrays) {
                if (a == null) continue;
                if (FREE.size() == MAX_FREE) FREE.removeLast();
                FREE.addFirst(new SoftReference<>(a));
            }
        }
    }
}

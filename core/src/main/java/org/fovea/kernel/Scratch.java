package org.fovea.kernel;

/**
 * Per-thread scratch arrays that grow and are then reused, so the steady state of training allocates no
 * new large buffers per step (DESIGN.md, Memory). Contents are garbage on return: callers overwrite them.
 * Each kernel uses its own slot so two live buffers never alias. Only for data that does not outlive the
 * task that filled it: a pool thread may run another caller's task right after.
 */
public final class Scratch {
    /** Slots in use: one per buffer that a kernel keeps alive at once. */
    public static final int COLS = 0;
    public static final int OUT_BLOCK = 1;
    public static final int COLS_GRAD = 2;
    /** A zero-padded copy of one image (stride-1 im2col, DirectConv) and the padded gradient col2im adds into. */
    public static final int PADDED = 3;
    public static final int PADDED_GRAD = 4;
    /** The transformed filters of a Winograd convolution, U = G g Gᵀ. */
    public static final int WINOGRAD_FILTER = 5;
    private static final int SLOTS = 6;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private Scratch() {}

    /** A thread-local array of at least {@code size} floats for the given slot. */
    public static float[] get(int slot, int size) {
        float[][] buffers = BUFFERS.get();
        if (buffers[slot].length < size) buffers[slot] = new float[size];
        return buffers[slot];
    }
}

package org.fovea.kernel;

/**
 * Max and average pooling, forward and backward, NCHW, one (n, c) plane at a time across the thread pool.
 * Max pooling records the argmax (index within the input plane) of each window for its backward pass;
 * padding never wins a max. Ties go to the first maximum in row-major window order; a NaN wins over everything.
 */
public final class Pool2d {
    private Pool2d() {}

    /** out (n, c, outH, outW) = max over each window of x (n, c, h, w); argmax has out's size. */
    public static void maxPool2dForward(PoolGeometry g, float[] x, float[] out, int[] argmax) {
        if (MaxPool2x2.suits(g)) {
            Parallel.parallelFor(g.n() * g.c(), (lo, hi) -> MaxPool2x2.forward(g, x, lo, hi, out, argmax));
            return;
        }
        Parallel.parallelFor(g.n() * g.c(), (lo, hi) -> {
            for (int p = lo; p < hi; p++) maxPoolPlane(g, x, p, out, argmax);
        });
    }

    // NOTE: one call per plane keeps the hot loop in a small method that C2 compiles as a whole; the same
    // loop inlined in the chunk lambda ran 5x slower (on-stack replacement of a rarely entered method).
    static void maxPoolPlane(PoolGeometry g, float[] x, int p, float[] out, int[] argmax) {
        int oh = g.outH();
        int ow = g.outW();
        int w = g.w();
        int xOff = p * g.h() * w;
        int o = p * oh * ow;
        for (int oy = 0; oy < oh; oy++) {
            int y0 = Math.max(oy * g.strideH() - g.padH(), 0);
            int y1 = Math.min(oy * g.strideH() - g.padH() + g.kh(), g.h());
            for (int ox = 0; ox < ow; ox++, o++) {
                int x0 = Math.max(ox * g.strideW() - g.padW(), 0);
                int x1 = Math.min(ox * g.strideW() - g.padW() + g.kw(), w);
                float best = Float.NEGATIVE_INFINITY;
                int at = y0 * w + x0;
                boolean nan = false;
                for (int iy = y0; iy < y1; iy++) {
                    int rowAt = iy * w;
                    for (int ix = x0; ix < x1; ix++) {
                        float v = x[xOff + rowAt + ix];
                        nan |= v != v;
                        boolean higher = v > best; // written as selects, not a branch: C2 emits cmov, no mispredictions
                        at = higher ? rowAt + ix : at;
                        best = higher ? v : best;
                    }
                }
                if (nan) at = firstNaN(x, xOff, w, y0, y1, x0, x1); // NaN propagates, as in PyTorch
                out[o] = x[xOff + at];
                argmax[o] = at;
            }
        }
    }

    static int firstNaN(float[] x, int xOff, int w, int y0, int y1, int x0, int x1) {
        for (int iy = y0; iy < y1; iy++) {
            for (int ix = x0; ix < x1; ix++) if (Float.isNaN(x[xOff + iy * w + ix])) return iy * w + ix;
        }
        throw new IllegalStateException("no NaN in the window");
    }

    /** dX (overwritten) receives each dOut at the position its window's maximum came from. */
    public static void maxPool2dBackward(PoolGeometry g, float[] dOut, int[] argmax, float[] dX) {
        maxPool2dBackward(g, dOut, argmax, dX, false);
    }

    /**
     * As {@link #maxPool2dBackward(PoolGeometry, float[], int[], float[])} into a dX that already holds zeros (a
     * new array): only the scatter is left. NOTE: zeroing a LeNet-sized dX (1.2 MB) again took 40-50 µs, more
     * than the scatter itself; a vectorised pass writing every element once was slower still (85 µs).
     */
    public static void maxPool2dBackwardIntoZeros(PoolGeometry g, float[] dOut, int[] argmax, float[] dX) {
        maxPool2dBackward(g, dOut, argmax, dX, true);
    }

    private static void maxPool2dBackward(PoolGeometry g, float[] dOut, int[] argmax, float[] dX, boolean zeroed) {
        int outPlane = g.outH() * g.outW();
        int plane = g.h() * g.w();
        Parallel.parallelFor(g.n() * g.c(), (lo, hi) -> {
            if (!zeroed) java.util.Arrays.fill(dX, lo * plane, hi * plane, 0f);
            for (int p = lo; p < hi; p++) {
                for (int o = p * outPlane, end = o + outPlane; o < end; o++) dX[p * plane + argmax[o]] += dOut[o];
            }
        });
    }

    /**
     * out = mean over each window. With countIncludePad (PyTorch's default) the divisor is the window clipped
     * to the padded input; without it, only the input elements in the window are counted.
     */
    public static void avgPool2dForward(PoolGeometry g, boolean countIncludePad, float[] x, float[] out) {
        avgPool(g, countIncludePad, x, out, false);
    }

    /** dX (overwritten) = each dOut spread evenly over its window, with the forward pass's divisor. */
    public static void avgPool2dBackward(PoolGeometry g, boolean countIncludePad, float[] dOut, float[] dX) {
        avgPool(g, countIncludePad, dOut, dX, true);
    }

    // One loop for both directions: forward gathers window → out, backward scatters dOut → window.
    private static void avgPool(PoolGeometry g, boolean countIncludePad, float[] src, float[] dst, boolean backward) {
        int oh = g.outH();
        int ow = g.outW();
        int plane = g.h() * g.w();
        Parallel.parallelFor(g.n() * g.c(), (lo, hi) -> {
            if (backward) java.util.Arrays.fill(dst, lo * plane, hi * plane, 0f);
            for (int p = lo; p < hi; p++) {
                int xOff = p * plane;
                int o = p * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int ys = oy * g.strideH() - g.padH();
                    int ye = Math.min(ys + g.kh(), g.h() + g.padH());
                    int y0 = Math.max(ys, 0);
                    int y1 = Math.min(ye, g.h());
                    for (int ox = 0; ox < ow; ox++, o++) {
                        int xs = ox * g.strideW() - g.padW();
                        int xe = Math.min(xs + g.kw(), g.w() + g.padW());
                        int x0 = Math.max(xs, 0);
                        int x1 = Math.min(xe, g.w());
                        int count = countIncludePad ? (ye - ys) * (xe - xs) : (y1 - y0) * (x1 - x0);
                        if (backward) {
                            float d = src[o] / count;
                            for (int iy = y0; iy < y1; iy++) for (int ix = x0; ix < x1; ix++) dst[xOff + iy * g.w() + ix] += d;
                        } else {
                            float s = 0f;
                            for (int iy = y0; iy < y1; iy++) for (int ix = x0; ix < x1; ix++) s += src[xOff + iy * g.w() + ix];
                            dst[o] = s / count;
                        }
                    }
                }
            }
        });
    }
}

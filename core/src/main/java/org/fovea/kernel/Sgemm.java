package org.fovea.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision general matrix product, the engine under matmul, linear layers and convolution.
 *
 * <p>C = alpha · op(A) · op(B) + beta · C, row-major, with offsets and leading dimensions, exactly the
 * contract of {@link SgemmReference} (the scalar twin used as test oracle); beta == 0 overwrites C.
 * Shape: op(A) is (m, k), op(B) is (k, n), C is (m, n).
 *
 * <p>Paths: a narrow C (n below one vector) takes dot products ({@link SgemmNarrow}); tiny products take
 * direct loops; everything else the packed, cache-blocked loops of {@link SgemmBlocked} with register tiles
 * of 8×48, 6×64 or 12×32 ({@link SgemmMicroKernels}), whichever pads the least. With more than one thread
 * (see {@link Parallel}) C is cut into one slab per thread: column slabs when packing all of op(A) costs
 * less than packing all of op(B) (each thread then packs all of op(A) and its own slab of op(B)), row slabs
 * otherwise. NOTE: the packing costs are weighed per element, not just counted: a row-major A (or a
 * column-major B) is transposed while packed, about three (two) times the cost of copying rows (0.42 and
 * 0.30 against 0.14 ns per element); on 1024³ a thread's (512, 1024) row slab then ran 8-12 % faster than
 * its (1024, 512) column slab (per-thread CPU time, 1 thread).
 * NOTE: one fork per product. Sharing each packed B block between the threads (two forks per block, BLIS
 * style) was measured slower on the 2-core machine.
 * Called from inside a {@code parallelFor} (say, once per image), it runs on the calling thread.
 */
public final class Sgemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Below this m·n·k the direct loops beat packing. */
    private static final long SMALL = 32 * 1024;
    /** Below this m·n·k one thread finishes before a second one would have woken up. */
    private static final long PARALLEL = 512 * 1024;

    private Sgemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        boolean parallel = (long) m * n * k >= PARALLEL && Parallel.threads() > 1 && !Parallel.insideParallel();
        if (SgemmNarrow.suits(transA, n, k)) {
            SgemmNarrow.sgemm(transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    parallel && (long) m * n * k >= 16 * PARALLEL);
            return;
        }
        if ((long) m * n * k < SMALL) {
            small(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        SgemmBlocked.Problem g = plan(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        int rows = g.m(), cols = g.n(), mr = g.tile().mr, nr = g.tile().nr;
        if (!parallel) {
            SgemmBlocked.run(g, 0, rows, 0, cols);
        } else if ((long) rows * (g.transA() ? 1 : 3) <= (long) cols * (g.transB() ? 2 : 1) && cols >= 2 * nr
                || rows < 2 * mr) {
            // Split the columns: each thread packs all of op(A), the cheaper operand, and its own part of op(B).
            Parallel.parallelFor(ceilDiv(cols, nr), (lo, hi) ->
                    SgemmBlocked.run(g, 0, rows, lo * nr, Math.min(cols, hi * nr)));
        } else {
            Parallel.parallelFor(ceilDiv(rows, mr), (lo, hi) ->
                    SgemmBlocked.run(g, lo * mr, Math.min(rows, hi * mr), 0, cols));
        }
    }

    /**
     * Picks the register tile and the orientation with the least zero padding: C = op(A)·op(B) as is, or
     * Cᵀ = op(B)ᵀ·op(A)ᵀ written through transposed C strides (for a tiny n such as 10 classes).
     */
    static SgemmBlocked.Problem plan(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                     float beta, float[] c, int cOff, int ldc) {
        SgemmBlocked.Tile best = null, bestSwapped = null;
        long area = Long.MAX_VALUE, areaSwapped = Long.MAX_VALUE;
        for (SgemmBlocked.Tile t : SgemmBlocked.Tile.values()) {
            long straight = padded(m, t.mr) * padded(n, t.nr), swapped = padded(n, t.mr) * padded(m, t.nr);
            if (straight < area) { area = straight; best = t; }
            if (swapped < areaSwapped) { areaSwapped = swapped; bestSwapped = t; }
        }
        // NOTE: the transposed write-back is scalar, so swapping must save a good share of the work.
        if (areaSwapped * 5 < area * 4) {
            return new SgemmBlocked.Problem(!transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda,
                    beta, c, cOff, 1, ldc, bestSwapped);
        }
        return new SgemmBlocked.Problem(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc, 1, best);
    }

    private static long padded(int x, int unit) {
        return SgemmBlocked.roundUp(x, unit);
    }

    private static int ceilDiv(int x, int unit) {
        return (x + unit - 1) / unit;
    }

    /** C = beta·C (beta == 0 overwrites, whatever C held). */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[row + j] = beta == 0f ? 0f : beta * c[row + j];
        }
    }

    /** The direct path for small products, where packing would cost more than it saves. */
    private static void small(boolean transA, boolean transB, int m, int n, int k, float alpha,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc) {
        scale(m, n, beta, c, cOff, ldc);
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                float av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (!transB) {
                    int brow = bOff + p * ldb;
                    int j = 0;
                    FloatVector va = FloatVector.broadcast(S, av);
                    for (int bound = S.loopBound(n); j < bound; j += S.length()) {
                        FloatVector vc = FloatVector.fromArray(S, c, row + j);
                        va.fma(FloatVector.fromArray(S, b, brow + j), vc).intoArray(c, row + j);
                    }
                    for (; j < n; j++) c[row + j] += av * b[brow + j];
                } else {
                    for (int j = 0; j < n; j++) c[row + j] += av * b[bOff + j * ldb + p];
                }
            }
        }
    }

    static void checkArguments(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOff, ldc, m, n);
    }

    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) {
            throw new IllegalArgumentException("sgemm: leading dimension of " + name + " is " + ld
                    + " but a row holds " + cols + " elements");
        }
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IllegalArgumentException("sgemm: " + name + " (" + rows + "x" + cols + ", offset " + off
                    + ", ld " + ld + ") needs " + last + " elements but the array holds " + x.length);
        }
    }
}

package org.fovea.kernel;

/**
 * The cache-blocked loops of {@link Sgemm} for one thread (Goto & van de Geijn 2008; the five loops of BLIS):
 * <pre>
 * for jc over n step NC            B block (KC, NC) lives in L2/L3
 *   for pc over k step KC          pack op(B)[pc, jc] (or read B in place when few A panels reuse it)
 *     for ic over m step MC        pack op(A)[ic, pc]: the A block (MC, KC) lives in L2
 *       for jr over NC step NR     one B micro-panel (KC, NR) stays in L1 across the ir loop
 *         for ir over MC step MR   micro-kernel: tile (MR, NR), then C = alpha·tile + beta·C
 * </pre>
 * C(i, j) lives at {@code cOff + i·rs + j·cs}: (rs, cs) = (ldc, 1) normally, (1, ldc) when {@link Sgemm}
 * computes Cᵀ = op(B)ᵀ·op(A)ᵀ instead (a tiny n is better as the row dimension of the tile).
 */
final class SgemmBlocked {
    /**
     * Depth of a packed block. NOTE: deeper than the L1-sized 256 of the BLIS recipe: each depth block sweeps
     * all of C once more through {@link SgemmMicroKernels#update}, and those C misses cost more than the
     * kernel loses streaming a B micro-panel (KC, NR) from L2. Per-thread CPU time, 1 thread, against 256:
     * 1024³ and 2048³ +10 %, (256, 3136, 2304) +7 %, (16, 6400, 150) +9 %, (64, 500, 800) +4 %. 576 = 64·9
     * rather than 512 so that 3×3 convolutions over 64, 128, 256 channels run as 1, 2, 4 whole blocks:
     * +2..8 % on the three im2col shapes, square products unchanged.
     */
    static final int KC = 576;
    /** Rows of A per packed block: (MC, KC) floats = 216 KB, inside L2. */
    static final int MC = 96;
    /** Columns of B per packed block: (KC, NC) floats = 4.5 MB, in L3; 512 measured slower, 1024 the same. */
    static final int NC = 2048;
    /**
     * A non-transposed B whose micro-panels serve at most this many A micro-panels (288 rows of C with the
     * 6×4 tile; the A block of all rows, (288, KC) floats = 648 KB, still fits L2) is read in place instead of
     * packed: packing a column slice of B that streams from DRAM costs more (measured 8 GB/s) than the kernel
     * loses reading rows ldb apart; +5 to +12 % on (64, 4096, 9216), (64, 500, 800). Raised from 16 panels:
     * per-thread CPU time, 1 thread, +4..7 % on (256, 3136, 2304) and the (256, 1568, 2304) slab of a thread,
     * +12 % on (192, 3136, 1728).
     */
    static final int DIRECT_B_PANELS = 48;

    /** The register tiles: rows MR × vectors NV (NR = NV·L columns). */
    enum Tile {
        T8X3(8, 3), T6X4(6, 4), T12X2(12, 2);

        final int mr, nv, nr;

        Tile(int mr, int nv) {
            this.mr = mr;
            this.nv = nv;
            this.nr = nv * SgemmMicroKernels.L;
        }
    }

    /** One product C = alpha·op(A)·op(B) + beta·C with its C addressing and chosen tile. */
    record Problem(boolean transA, boolean transB, int m, int n, int k, float alpha,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int rs, int cs, Tile tile) {}

    /** Per-thread packing buffers, grown on demand, so steady state allocates nothing. */
    private static final class Buffers {
        float[] a = new float[0], b = new float[0], t = new float[0];
        final float[] scratch = new float[SgemmMicroKernels.L * SgemmMicroKernels.L];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private SgemmBlocked() {}

    /** Computes the block rows [i0, i1) × columns [j0, j1) of C on the calling thread. */
    static void run(Problem g, int i0, int i1, int j0, int j1) {
        if (i0 >= i1 || j0 >= j1) return;
        Tile tile = g.tile();
        int mr = tile.mr, nr = tile.nr;
        // B read in place: one block of all the (few) rows and no column blocks, so each B micro-panel is
        // read from memory once and A is packed once per depth block.
        boolean directB = !g.transB() && (i1 - i0) <= DIRECT_B_PANELS * mr;
        // Blocks of near-equal size: k = 1200 runs as 400 + 400 + 400, not 576 + 576 + 48.
        int kcMax = balanced(g.k(), KC, 1);
        int mc = directB ? roundUp(i1 - i0, mr) : balanced(i1 - i0, MC, mr);
        int nc = directB ? j1 - j0 : balanced(j1 - j0, NC, nr);
        Buffers buf = BUFFERS.get();
        if (buf.a.length < mc * kcMax) buf.a = new float[mc * kcMax];
        int bSize = (directB ? nr : nc) * kcMax;
        if (buf.b.length < bSize) buf.b = new float[bSize];
        if (buf.t.length < mr * nr) buf.t = new float[mr * nr];
        for (int jc = j0; jc < j1; jc += nc) {
            int ncc = Math.min(nc, j1 - jc);
            for (int pc = 0; pc < g.k(); pc += kcMax) {
                int kc = Math.min(kcMax, g.k() - pc);
                float beta = pc == 0 ? g.beta() : 1f;
                if (!directB) {
                    SgemmPacking.packB(g.transB(), g.b(), g.bOff(), g.ldb(), pc, kc, jc, ncc, nr, buf.b, buf.scratch);
                } else if (ncc % nr != 0) { // only the ragged last panel needs zero padding
                    int w = ncc % nr;
                    SgemmPacking.packB(false, g.b(), g.bOff(), g.ldb(), pc, kc, jc + ncc - w, w, nr, buf.b, buf.scratch);
                }
                for (int ic = i0; ic < i1; ic += mc) {
                    int mcc = Math.min(mc, i1 - ic);
                    SgemmPacking.packA(g.transA(), g.a(), g.aOff(), g.lda(), ic, mcc, pc, kc, mr, buf.a);
                    macroKernel(g, buf, ic, mcc, jc, ncc, pc, kc, beta, directB);
                }
            }
        }
    }

    /** All tiles of the packed block: rows [ic, ic+mcc) × columns [jc, jc+ncc), depth [pc, pc+kc). */
    private static void macroKernel(Problem g, Buffers buf, int ic, int mcc, int jc, int ncc, int pc, int kc,
                                    float beta, boolean directB) {
        Tile tile = g.tile();
        int mr = tile.mr, nr = tile.nr;
        float[] t = buf.t;
        for (int jr = 0; jr < ncc; jr += nr) {
            int w = Math.min(nr, ncc - jr);
            float[] b = buf.b;
            int bi = jr * kc, ldb = nr;
            if (directB) {
                if (w == nr) {
                    b = g.b();
                    bi = g.bOff() + pc * g.ldb() + jc + jr;
                    ldb = g.ldb();
                } else {
                    bi = 0;
                }
            }
            for (int ir = 0; ir < mcc; ir += mr) {
                int h = Math.min(mr, mcc - ir);
                switch (tile) {
                    case T8X3 -> SgemmMicroKernels.kernel8x3(kc, buf.a, ir * kc, b, bi, ldb, t);
                    case T6X4 -> SgemmMicroKernels.kernel6x4(kc, buf.a, ir * kc, b, bi, ldb, t);
                    case T12X2 -> SgemmMicroKernels.kernel12x2(kc, buf.a, ir * kc, b, bi, ldb, t);
                }
                int ci = g.cOff() + (ic + ir) * g.rs() + (jc + jr) * g.cs();
                SgemmMicroKernels.update(t, nr, h, w, g.c(), ci, g.rs(), g.cs(), g.alpha(), beta);
            }
        }
    }

    /** The block size, a multiple of unit, that cuts x into the fewest near-equal blocks of at most max. */
    static int balanced(int x, int max, int unit) {
        int cap = Math.max(unit, max / unit * unit), blocks = Math.max(1, (x + cap - 1) / cap);
        return roundUp((x + blocks - 1) / blocks, unit);
    }

    static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }
}

package org.fovea.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked micro-kernels of {@link Sgemm} and the write-back of their tiles into C.
 *
 * <p>A kernel {@code kernelRxV} computes one tile T (R, V·L) = Ap · Bp over a depth kc, where L is the vector
 * length of {@link #S} (16 floats with AVX-512): Ap is an A micro-panel packed k-major (element (i, p) at
 * {@code ai + p·R + i}) and Bp holds kc rows of V·L floats, {@code ldb} apart (a packed panel, ldb = V·L, or
 * B itself when it is read in place). Each k step loads V vectors of B, broadcasts R elements of A and issues
 * R·V fused multiply-adds into R·V accumulators held in registers (24 of the 32 zmm registers).
 *
 * <p>NOTE: the tile goes to a small buffer and {@link #update} folds it into C. Writing C from inside the
 * kernel through a helper method made C2 refuse to inline the helper (node-count cutoff) and box all 24
 * accumulators at every call: 160 instead of 240 GFLOP/s. Accumulators start from {@code FloatVector.zero(S)},
 * never from a static final zero vector (which also makes C2 box them).
 */
final class SgemmMicroKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private SgemmMicroKernels() {}

    /**
     * C(i, j) = alpha · T(i, j) + beta · C(i, j) for the top-left (h, w) corner of tile T (row stride tn);
     * C(i, j) lives at {@code ci + i·rs + j·cs}. beta == 0 overwrites C without reading it.
     */
    static void update(float[] t, int tn, int h, int w, float[] c, int ci, int rs, int cs, float alpha, float beta) {
        if (cs != 1) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int at = ci + i * rs + j * cs;
                    float v = alpha * t[i * tn + j];
                    c[at] = beta == 0f ? v : v + beta * c[at];
                }
            }
            return;
        }
        int wv = S.loopBound(w);
        FloatVector va = FloatVector.broadcast(S, alpha), vb = FloatVector.broadcast(S, beta);
        for (int i = 0; i < h; i++) {
            int row = ci + i * rs, tr = i * tn;
            int j = 0;
            if (beta == 0f) {
                for (; j < wv; j += L) FloatVector.fromArray(S, t, tr + j).mul(va).intoArray(c, row + j);
                for (; j < w; j++) c[row + j] = alpha * t[tr + j];
            } else {
                for (; j < wv; j += L) {
                    FloatVector.fromArray(S, c, row + j).fma(vb, FloatVector.fromArray(S, t, tr + j).mul(va))
                            .intoArray(c, row + j);
                }
                for (; j < w; j++) c[row + j] = alpha * t[tr + j] + beta * c[row + j];
            }
        }
    }

    /** Tile (8, 3·L) += A panel (8, kc) · B panel (kc, 3·L); A packed k-major, B rows ldb apart. */
    static void kernel8x3(int kc, float[] a, int ai, float[] b, int bi, int ldb, float[] t) {
        FloatVector c00 = FloatVector.zero(S); FloatVector c01 = FloatVector.zero(S); FloatVector c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S); FloatVector c11 = FloatVector.zero(S); FloatVector c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S); FloatVector c21 = FloatVector.zero(S); FloatVector c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S); FloatVector c31 = FloatVector.zero(S); FloatVector c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S); FloatVector c41 = FloatVector.zero(S); FloatVector c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S); FloatVector c51 = FloatVector.zero(S); FloatVector c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S); FloatVector c61 = FloatVector.zero(S); FloatVector c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S); FloatVector c71 = FloatVector.zero(S); FloatVector c72 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * 8, bp = bi + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp); FloatVector b1 = FloatVector.fromArray(S, b, bp + 1 * L); FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ap + 0]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
            FloatVector a4 = FloatVector.broadcast(S, a[ap + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42);
            FloatVector a5 = FloatVector.broadcast(S, a[ap + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52);
            FloatVector a6 = FloatVector.broadcast(S, a[ap + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61); c62 = a6.fma(b2, c62);
            FloatVector a7 = FloatVector.broadcast(S, a[ap + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71); c72 = a7.fma(b2, c72);
        }
        c00.intoArray(t, 0 * L); c01.intoArray(t, 1 * L); c02.intoArray(t, 2 * L);
        c10.intoArray(t, 3 * L); c11.intoArray(t, 4 * L); c12.intoArray(t, 5 * L);
        c20.intoArray(t, 6 * L); c21.intoArray(t, 7 * L); c22.intoArray(t, 8 * L);
        c30.intoArray(t, 9 * L); c31.intoArray(t, 10 * L); c32.intoArray(t, 11 * L);
        c40.intoArray(t, 12 * L); c41.intoArray(t, 13 * L); c42.intoArray(t, 14 * L);
        c50.intoArray(t, 15 * L); c51.intoArray(t, 16 * L); c52.intoArray(t, 17 * L);
        c60.intoArray(t, 18 * L); c61.intoArray(t, 19 * L); c62.intoArray(t, 20 * L);
        c70.intoArray(t, 21 * L); c71.intoArray(t, 22 * L); c72.intoArray(t, 23 * L);
    }

    /** Tile (6, 4·L) += A panel (6, kc) · B panel (kc, 4·L); A packed k-major, B rows ldb apart. */
    static void kernel6x4(int kc, float[] a, int ai, float[] b, int bi, int ldb, float[] t) {
        FloatVector c00 = FloatVector.zero(S); FloatVector c01 = FloatVector.zero(S); FloatVector c02 = FloatVector.zero(S); FloatVector c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S); FloatVector c11 = FloatVector.zero(S); FloatVector c12 = FloatVector.zero(S); FloatVector c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S); FloatVector c21 = FloatVector.zero(S); FloatVector c22 = FloatVector.zero(S); FloatVector c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S); FloatVector c31 = FloatVector.zero(S); FloatVector c32 = FloatVector.zero(S); FloatVector c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S); FloatVector c41 = FloatVector.zero(S); FloatVector c42 = FloatVector.zero(S); FloatVector c43 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S); FloatVector c51 = FloatVector.zero(S); FloatVector c52 = FloatVector.zero(S); FloatVector c53 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * 6, bp = bi + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp); FloatVector b1 = FloatVector.fromArray(S, b, bp + 1 * L); FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L); FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ap + 0]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22); c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32); c33 = a3.fma(b3, c33);
            FloatVector a4 = FloatVector.broadcast(S, a[ap + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42); c43 = a4.fma(b3, c43);
            FloatVector a5 = FloatVector.broadcast(S, a[ap + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52); c53 = a5.fma(b3, c53);
        }
        c00.intoArray(t, 0 * L); c01.intoArray(t, 1 * L); c02.intoArray(t, 2 * L); c03.intoArray(t, 3 * L);
        c10.intoArray(t, 4 * L); c11.intoArray(t, 5 * L); c12.intoArray(t, 6 * L); c13.intoArray(t, 7 * L);
        c20.intoArray(t, 8 * L); c21.intoArray(t, 9 * L); c22.intoArray(t, 10 * L); c23.intoArray(t, 11 * L);
        c30.intoArray(t, 12 * L); c31.intoArray(t, 13 * L); c32.intoArray(t, 14 * L); c33.intoArray(t, 15 * L);
        c40.intoArray(t, 16 * L); c41.intoArray(t, 17 * L); c42.intoArray(t, 18 * L); c43.intoArray(t, 19 * L);
        c50.intoArray(t, 20 * L); c51.intoArray(t, 21 * L); c52.intoArray(t, 22 * L); c53.intoArray(t, 23 * L);
    }

    /** Tile (12, 2·L) += A panel (12, kc) · B panel (kc, 2·L); A packed k-major, B rows ldb apart. */
    static void kernel12x2(int kc, float[] a, int ai, float[] b, int bi, int ldb, float[] t) {
        FloatVector c00 = FloatVector.zero(S); FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S); FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S); FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S); FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S); FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S); FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S); FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S); FloatVector c71 = FloatVector.zero(S);
        FloatVector c80 = FloatVector.zero(S); FloatVector c81 = FloatVector.zero(S);
        FloatVector c90 = FloatVector.zero(S); FloatVector c91 = FloatVector.zero(S);
        FloatVector c100 = FloatVector.zero(S); FloatVector c101 = FloatVector.zero(S);
        FloatVector c110 = FloatVector.zero(S); FloatVector c111 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * 12, bp = bi + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp); FloatVector b1 = FloatVector.fromArray(S, b, bp + 1 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ap + 0]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ap + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ap + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ap + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ap + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
            FloatVector a8 = FloatVector.broadcast(S, a[ap + 8]);
            c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
            FloatVector a9 = FloatVector.broadcast(S, a[ap + 9]);
            c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
            FloatVector a10 = FloatVector.broadcast(S, a[ap + 10]);
            c100 = a10.fma(b0, c100); c101 = a10.fma(b1, c101);
            FloatVector a11 = FloatVector.broadcast(S, a[ap + 11]);
            c110 = a11.fma(b0, c110); c111 = a11.fma(b1, c111);
        }
        c00.intoArray(t, 0 * L); c01.intoArray(t, 1 * L);
        c10.intoArray(t, 2 * L); c11.intoArray(t, 3 * L);
        c20.intoArray(t, 4 * L); c21.intoArray(t, 5 * L);
        c30.intoArray(t, 6 * L); c31.intoArray(t, 7 * L);
        c40.intoArray(t, 8 * L); c41.intoArray(t, 9 * L);
        c50.intoArray(t, 10 * L); c51.intoArray(t, 11 * L);
        c60.intoArray(t, 12 * L); c61.intoArray(t, 13 * L);
        c70.intoArray(t, 14 * L); c71.intoArray(t, 15 * L);
        c80.intoArray(t, 16 * L); c81.intoArray(t, 17 * L);
        c90.intoArray(t, 18 * L); c91.intoArray(t, 19 * L);
        c100.intoArray(t, 20 * L); c101.intoArray(t, 21 * L);
        c110.intoArray(t, 22 * L); c111.intoArray(t, 23 * L);
    }
}

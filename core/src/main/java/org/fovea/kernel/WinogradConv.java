package org.fovea.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3×3 stride-1 convolution by Winograd minimal filtering F(4×4, 3×3) (Lavin &amp; Gray 2016, "Fast Algorithms
 * for Convolutional Neural Networks", §4-5), NCHW, as used by {@link Conv2d} when {@link #selected} says so.
 *
 * <p>The output is cut into 4×4 tiles; each reads a 6×6 input patch d (neighbouring patches overlap by 2).
 * With the interpolation points 0, ±1, ±2, ∞, one output tile of one (output, input) channel pair is
 * Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A, 36 multiplications instead of 144; summed over input channels, the
 * element-wise product becomes 36 independent matrix products, one per position p of the 6×6 transform:
 * <pre>
 *   U[p] (K, C) = G g Gᵀ for every filter          once per call
 *   V[p] (C, T) = Bᵀ d B for every input tile      a block of T tiles at a time, in L2
 *   M[p] (K, T) = U[p] · V[p]                      36 SGEMMs per block
 *   Y           = Aᵀ M A, + bias, into NCHW        edge tiles trimmed (outputs need not be multiples of 4)
 * </pre>
 * The transforms are vectorised across L consecutive tiles (L = 16 lanes with AVX-512): the 6×6 patches of L
 * tiles are gathered (scalar, zero outside the input, which is the padding) into a (36, L) buffer, and the
 * 1-D transforms run on whole vectors, rows then columns. Tiles are numbered across images, so small images
 * (ResNet's 8×8: four tiles each) still fill the vectors and the GEMMs. Blocks of tiles run in parallel;
 * each thread keeps its V and M in thread-local buffers, so steady state allocates nothing.
 *
 * <p>{@link #selected} takes it for 32 channels or more and at least 128 tiles, where it was measured
 * faster than im2col + SGEMM (up to 1.6-2× on 64-channel layers), and {@link Conv2d#winogradSelected} leaves
 * to {@link ImplicitConv} the layers where that measured faster still; the input gradient of such a layer,
 * itself a stride-1 3×3 convolution (see {@link Conv2d#conv2dBackward}), goes the same way.
 *
 * <p>Error: the transforms add a few float32 roundings with constants up to 8 (Aᵀ) and 5 (Bᵀ); see
 * WinogradConvTest for the measured error against the direct definition. {@code -Dfovea.conv.winograd=false}
 * turns this path off.
 */
final class WinogradConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output tile m = 4, filter r = 3, input tile m + r − 1 = 6 and its 36 positions. */
    private static final int M = 4, R = 3, A = 6, P = A * A;
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("fovea.conv.winograd", "true"));
    /**
     * Floats of V plus M per block, 36·(C + K)·T: 768 KB, inside a Zen 5 core's 1 MB L2.
     * NOTE: 384 KB and 1.5 MB ran VGG-16 conv1_2 15-20 % slower; ResNet-20 stage 3 and ResNet-18 layer1 within noise.
     */
    private static final int BLOCK_FLOATS = 192 << 10;
    /** Lane l reads the weight 9·l floats on: the same tap of L consecutive filters. */
    private static final int[] NINES = java.util.stream.IntStream.range(0, L).map(l -> l * R * R).toArray();
    /**
     * Tiles per block at least, even when V and M then overflow L2: the block's 36 SGEMMs read all of U (36·C·K
     * floats, 38 MB for 512 channels) once per block. NOTE: 16 instead of 64 ran 512-channel layers 1.4-2× slower.
     */
    private static final int MIN_BLOCK = 4 * L;

    /** Per-thread buffers: V and M of a block, the gathered patches, a transform's halfway values, an output tile. */
    private static final class Buffers {
        float[] v = new float[0], m = new float[0];
        final float[] d = new float[P * L], t = new float[P * L], y = new float[M * M * L];
        final int[] in = new int[L], out = new int[L], iy = new int[L], ix = new int[L];
        final boolean[] inside = new boolean[L];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private WinogradConv() {}

    /** True when the geometry is one this algorithm computes: 3×3, stride 1, no dilation, padding ≤ 2. */
    static boolean suits(ConvGeometry g) {
        return g.r() == R && g.s() == R && g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1
                && g.dilationW() == 1 && g.padH() <= 2 && g.padW() <= 2;
    }

    /**
     * True when {@link Conv2d} should take this path: it suits and was measured to win.
     * NOTE: forward time of im2col + SGEMM / Winograd on 2 threads (Zen 5, shared and noisy; best of 8-20 runs
     * of each, interleaved in one JVM; ranges over repeated sets):
     * <pre>
     *   ResNet-20 batch 128   16 ch 32×32  0.59-0.68   32 ch 16×16  1.06-1.08   64 ch 8×8    1.60-1.68
     *   VGG-16 batch 1        64 ch 224²   1.8-2.0     128 ch 112²  1.36-1.63   256 ch 56²   1.15-1.28
     *                         512 ch 28²   0.74-0.84   512 ch 14²   0.32-0.40
     *   ResNet-18 batch 8     64 ch 56²    0.89-1.12   128 ch 28²   1.09-1.28   256 ch 14²   1.34-1.41
     *                         512 ch 7²    0.82-0.85
     *   3 → 64 ch 224²        0.36-0.44    8 ch 32×32   0.45-0.66
     * </pre>
     * With 16 channels or fewer the 36 products are too shallow (depth C) for SGEMM and the transforms
     * dominate; with fewer than 128 tiles (the 512-channel layers above: 49, 16 and 32 tiles) the filter
     * transform and the reading of U are not amortised.
     */
    static boolean selected(ConvGeometry g) {
        return ENABLED && suits(g) && g.cg() >= 32 && g.kg() >= 32
                && (long) g.n() * Math.ceilDiv(g.outH(), M) * Math.ceilDiv(g.outW(), M) >= 128;
    }

    /** The sizes of one call: the geometry, tiles per row and per image. */
    private record Plan(ConvGeometry g, int tilesX, int tilesPerImage) {}

    /** out = conv(x, weight) + bias; shapes as in {@link Conv2d#conv2dForward}; needs {@link #suits}. */
    static void forward(ConvGeometry g, float[] x, float[] weight, float[] bias, float[] out) {
        if (!suits(g)) throw new IllegalArgumentException("Winograd F(4x4, 3x3) does not compute " + g);
        int tilesX = Math.ceilDiv(g.outW(), M), perImage = Math.ceilDiv(g.outH(), M) * tilesX;
        int tiles = Math.multiplyExact(g.n(), perImage);
        if (tiles == 0) return;
        int bt = Math.min(Math.max(MIN_BLOCK, BLOCK_FLOATS / (P * (g.cg() + g.kg())) / L * L),
                roundUp(Math.ceilDiv(tiles, Parallel.threads()), L));
        Plan plan = new Plan(g, tilesX, perImage);
        int blocks = Math.ceilDiv(tiles, bt);
        float[] u = Scratch.get(Scratch.WINOGRAD_FILTER, P * g.kg() * g.cg());
        for (int grp = 0; grp < g.groups(); grp++) {
            int group = grp;
            transformFilters(g, weight, grp, u);
            Parallel.Chunk body = (lo, hi) -> {
                for (int b = lo; b < hi; b++) block(plan, x, u, bias, out, group, b * bt, Math.min(tiles, (b + 1) * bt));
            };
            if (blocks == 1) body.run(0, 1); // on the caller, so each SGEMM may use the pool itself
            else Parallel.parallelFor(blocks, body);
        }
    }

    /**
     * U[p][k][c] = (G g Gᵀ)[p] for every filter g = weight[grp·kg + k][c] of the group, L filters at a time:
     * filter f = k·cg + c has its nine weights at 9·f, so lane l of a strided load reads filter f0 + l.
     */
    private static void transformFilters(ConvGeometry g, float[] weight, int grp, float[] u) {
        int filters = g.kg() * g.cg(), wOff = grp * filters * R * R, vectors = Math.ceilDiv(filters, L);
        Parallel.Chunk body = (lo, hi) -> {
            float[] t = new float[R * A * L], last = new float[R * R * L];
            for (int f = lo * L; f < Math.min(filters, hi * L); f += L) {
                VectorMask<Float> mask = S.indexInRange(f, filters);
                float[] src = weight;
                int w = wOff + f * R * R;
                if (f + L > filters) { // a zero-padded copy of the last filters (a masked gather checks every lane)
                    System.arraycopy(weight, w, last, 0, (filters - f) * R * R);
                    java.util.Arrays.fill(last, (filters - f) * R * R, last.length, 0f);
                    src = last;
                    w = 0;
                }
                // rows: t[a][j] = (G·g[a])[j]; columns: U[i][j] = (G·t[·][j])[i]
                for (int a = 0; a < R; a++) {
                    filterRow(FloatVector.fromArray(S, src, w + a * R, NINES, 0),
                            FloatVector.fromArray(S, src, w + a * R + 1, NINES, 0),
                            FloatVector.fromArray(S, src, w + a * R + 2, NINES, 0), t, a * A * L, L, S.maskAll(true));
                }
                for (int j = 0; j < A; j++) {
                    filterRow(FloatVector.fromArray(S, t, j * L), FloatVector.fromArray(S, t, (A + j) * L),
                            FloatVector.fromArray(S, t, (2 * A + j) * L), u, j * filters + f, A * filters, mask);
                }
            }
        };
        // NOTE: a 512 × 512 layer has 262 144 filters: 1.5 ms on one thread.
        if (filters >= 16 * 1024) Parallel.parallelFor(vectors, body);
        else body.run(0, vectors);
    }

    /**
     * The 1-D filter transform G·(g0, g1, g2)ᵀ of three vectors into dst[dOff + i·ds], with
     * <pre>
     * G = |  1/4     0     0  |
     *     | -1/6  -1/6  -1/6  |
     *     | -1/6   1/6  -1/6  |
     *     | 1/24  1/12   1/6  |
     *     | 1/24 -1/12   1/6  |
     *     |    0     0     1  |
     * </pre>
     */
    private static void filterRow(FloatVector g0, FloatVector g1, FloatVector g2, float[] dst, int dOff, int ds,
                                  VectorMask<Float> mask) {
        FloatVector s = g0.add(g2).mul(-1f / 6), h = g0.fma(FloatVector.broadcast(S, 1f / 24), g2.mul(1f / 6));
        FloatVector g16 = g1.mul(1f / 6), g112 = g1.mul(1f / 12);
        g0.mul(0.25f).intoArray(dst, dOff, mask);
        s.sub(g16).intoArray(dst, dOff + ds, mask);
        s.add(g16).intoArray(dst, dOff + 2 * ds, mask);
        h.add(g112).intoArray(dst, dOff + 3 * ds, mask);
        h.sub(g112).intoArray(dst, dOff + 4 * ds, mask);
        g2.intoArray(dst, dOff + 5 * ds, mask);
    }

    /** Tiles [t0, t1) of the flat (image, tile row, tile column) order, all kg output channels of one group. */
    private static void block(Plan plan, float[] x, float[] u, float[] bias, float[] out, int grp, int t0, int t1) {
        ConvGeometry g = plan.g();
        int n = t1 - t0, tp = roundUp(n, L), cg = g.cg(), kg = g.kg();
        Buffers buf = BUFFERS.get();
        if (buf.v.length < P * cg * tp) buf.v = new float[P * cg * tp];
        if (buf.m.length < P * kg * tp) buf.m = new float[P * kg * tp];
        float[] v = buf.v, m = buf.m;
        int hw = g.h() * g.w();
        for (int q = 0; q < n; q += L) {
            int lanes = Math.min(L, n - q);
            locate(plan, buf, t0 + q, lanes, grp);
            for (int c = 0; c < cg; c++) {
                gather(g, x, c * hw, buf, lanes);
                inputTransform(buf.d, buf.t, v, c * tp + q, cg * tp);
            }
        }
        for (int p = 0; p < P; p++) {
            Sgemm.sgemm(false, false, kg, n, cg, 1f, u, p * kg * cg, cg, v, p * cg * tp, tp, 0f, m, p * kg * tp, tp);
        }
        int ohw = g.outH() * g.outW();
        for (int q = 0; q < n; q += L) {
            int lanes = Math.min(L, n - q);
            locate(plan, buf, t0 + q, lanes, grp);
            for (int k = 0; k < kg; k++) {
                outputTransform(m, k * tp + q, kg * tp, buf.t, buf.y);
                scatter(g, out, k * ohw, bias == null ? 0f : bias[grp * kg + k], buf, lanes);
            }
        }
    }

    /**
     * For tiles t .. t + lanes − 1: the offset of each patch's top-left corner in x (channel 0 of the group;
     * it may lie in the padding), its input row and column, whether it lies wholly inside the input, and the
     * offset of its output tile (channel 0).
     */
    private static void locate(Plan plan, Buffers buf, int t, int lanes, int grp) {
        ConvGeometry g = plan.g();
        for (int l = 0; l < lanes; l++) {
            int img = (t + l) / plan.tilesPerImage(), rem = (t + l) % plan.tilesPerImage();
            int oy = rem / plan.tilesX() * M, ox = rem % plan.tilesX() * M;
            int iy = oy - g.padH(), ix = ox - g.padW();
            buf.iy[l] = iy;
            buf.ix[l] = ix;
            buf.in[l] = ((img * g.c() + grp * g.cg()) * g.h() + iy) * g.w() + ix;
            buf.out[l] = ((img * g.k() + grp * g.kg()) * g.outH() + oy) * g.outW() + ox;
            buf.inside[l] = iy >= 0 && ix >= 0 && iy + A <= g.h() && ix + A <= g.w();
        }
    }

    /** d[(dy·6 + dx)·L + l] = the 6×6 patch of tile lane l in channel offset cOff, zero outside the input. */
    private static void gather(ConvGeometry g, float[] x, int cOff, Buffers buf, int lanes) {
        float[] d = buf.d;
        int w = g.w();
        for (int l = 0; l < lanes; l++) {
            int base = buf.in[l] + cOff;
            if (buf.inside[l]) {
                for (int dy = 0; dy < A; dy++) {
                    int row = base + dy * w, at = dy * A * L + l;
                    d[at] = x[row];
                    d[at + L] = x[row + 1];
                    d[at + 2 * L] = x[row + 2];
                    d[at + 3 * L] = x[row + 3];
                    d[at + 4 * L] = x[row + 4];
                    d[at + 5 * L] = x[row + 5];
                }
                continue;
            }
            // the rows [y0, y1) and columns [x0, x1) of the patch inside the input
            int y0 = Math.max(0, -buf.iy[l]), y1 = Math.min(A, g.h() - buf.iy[l]);
            int x0 = Math.max(0, -buf.ix[l]), x1 = Math.min(A, w - buf.ix[l]);
            for (int dy = 0; dy < A; dy++) {
                boolean rowIn = dy >= y0 && dy < y1;
                for (int dx = 0; dx < A; dx++) {
                    d[(dy * A + dx) * L + l] = rowIn && dx >= x0 && dx < x1 ? x[base + dy * w + dx] : 0f;
                }
            }
        }
    }

    /** V[p] (row stride vStride) at column offset vOff = Bᵀ d B for the L patches in d; t is scratch. */
    private static void inputTransform(float[] d, float[] t, float[] v, int vOff, int vStride) {
        for (int i = 0; i < A; i++) inputRow(d, i * A * L, L, t, i * A * L, L);
        for (int j = 0; j < A; j++) inputRow(t, j * L, A * L, v, vOff + j * vStride, A * vStride);
    }

    /**
     * The 1-D input transform Bᵀ·d of six vectors src[so + i·ss] into dst[dOff + i·ds], with
     * <pre>
     * Bᵀ = | 4  0 -5  0  1  0 |
     *      | 0 -4 -4  1  1  0 |
     *      | 0  4 -4 -1  1  0 |
     *      | 0 -2 -1  2  1  0 |
     *      | 0  2 -1 -2  1  0 |
     *      | 0  4  0 -5  0  1 |
     * </pre>
     */
    private static void inputRow(float[] src, int so, int ss, float[] dst, int dOff, int ds) {
        FloatVector d0 = FloatVector.fromArray(S, src, so), d1 = FloatVector.fromArray(S, src, so + ss);
        FloatVector d2 = FloatVector.fromArray(S, src, so + 2 * ss), d3 = FloatVector.fromArray(S, src, so + 3 * ss);
        FloatVector d4 = FloatVector.fromArray(S, src, so + 4 * ss), d5 = FloatVector.fromArray(S, src, so + 5 * ss);
        FloatVector four = FloatVector.broadcast(S, 4f), minusFive = FloatVector.broadcast(S, -5f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        FloatVector s12 = d1.add(d2), s34 = d3.add(d4), d12 = d1.sub(d2), d43 = d4.sub(d3);
        FloatVector d42 = d4.sub(d2), d31 = d3.sub(d1);
        d0.fma(four, d2.fma(minusFive, d4)).intoArray(dst, dOff);
        s34.sub(s12.mul(four)).intoArray(dst, dOff + ds);
        d12.fma(four, d43).intoArray(dst, dOff + 2 * ds);
        d31.fma(two, d42).intoArray(dst, dOff + 3 * ds);
        d42.sub(d31.mul(two)).intoArray(dst, dOff + 4 * ds);
        d1.fma(four, d3.fma(minusFive, d5)).intoArray(dst, dOff + 5 * ds);
    }

    /** y[(i·4 + j)·L + l] = (Aᵀ m A)[i][j] for the L tiles of M at column offset mOff (row stride mStride). */
    private static void outputTransform(float[] m, int mOff, int mStride, float[] t, float[] y) {
        for (int i = 0; i < A; i++) outputRow(m, mOff + i * A * mStride, mStride, t, i * M * L, L);
        for (int j = 0; j < M; j++) outputRow(t, j * L, M * L, y, j * L, M * L);
    }

    /**
     * The 1-D output transform Aᵀ·m of six vectors src[so + i·ss] into four, dst[dOff + i·ds], with
     * <pre>
     * Aᵀ = | 1  1  1  1  1  0 |
     *      | 0  1 -1  2 -2  0 |
     *      | 0  1  1  4  4  0 |
     *      | 0  1 -1  8 -8  1 |
     * </pre>
     */
    private static void outputRow(float[] src, int so, int ss, float[] dst, int dOff, int ds) {
        FloatVector m0 = FloatVector.fromArray(S, src, so), m1 = FloatVector.fromArray(S, src, so + ss);
        FloatVector m2 = FloatVector.fromArray(S, src, so + 2 * ss), m3 = FloatVector.fromArray(S, src, so + 3 * ss);
        FloatVector m4 = FloatVector.fromArray(S, src, so + 4 * ss), m5 = FloatVector.fromArray(S, src, so + 5 * ss);
        FloatVector a = m1.add(m2), b = m1.sub(m2), c = m3.add(m4), d = m3.sub(m4);
        m0.add(a).add(c).intoArray(dst, dOff);
        d.fma(FloatVector.broadcast(S, 2f), b).intoArray(dst, dOff + ds);
        c.fma(FloatVector.broadcast(S, 4f), a).intoArray(dst, dOff + 2 * ds);
        d.fma(FloatVector.broadcast(S, 8f), b.add(m5)).intoArray(dst, dOff + 3 * ds);
    }

    /** Writes each lane's 4×4 output tile plus the bias into channel offset kOff, trimmed at the edges. */
    private static void scatter(ConvGeometry g, float[] out, int kOff, float bias, Buffers buf, int lanes) {
        float[] y = buf.y;
        int ow = g.outW(), oh = g.outH();
        for (int l = 0; l < lanes; l++) {
            int at = buf.out[l] + kOff;
            int oy = buf.iy[l] + g.padH(), ox = buf.ix[l] + g.padW();
            int rows = Math.min(M, oh - oy), cols = Math.min(M, ow - ox);
            if (cols == M) {
                for (int i = 0; i < rows; i++) {
                    int o = at + i * ow, s = i * M * L + l;
                    out[o] = y[s] + bias;
                    out[o + 1] = y[s + L] + bias;
                    out[o + 2] = y[s + 2 * L] + bias;
                    out[o + 3] = y[s + 3 * L] + bias;
                }
                continue;
            }
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) out[at + i * ow + j] = y[(i * M + j) * L + l] + bias;
            }
        }
    }

    private static int roundUp(int x, int unit) {
        return Math.ceilDiv(x, unit) * unit;
    }
}

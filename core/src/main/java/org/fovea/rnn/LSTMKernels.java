package org.fovea.rnn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.kernel.Parallel;
import org.fovea.kernel.Sgemm;
import org.fovea.tensor.Tensor;

/**
 * The LSTM recurrence of one layer and direction over a whole sequence as a single graph node with an
 * explicit backward (as CS231n assignment 3's lstm_forward / lstm_backward): a graph composed of Variable
 * ops would record ~20 nodes and as many temporary tensors per step. Gates in the lecture's order
 * [i; f; o; g] = [σ; σ; σ; tanh](W·[h_{t−1}; x_t] + b), c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t).
 *
 * <p>Layout. Internally arrays are step-major (step s of the reading order, so a reverse direction needs no
 * special case), and the 4H gate columns are grouped by blocks of {@link #U} hidden units: block b holds
 * [i f o g] of its units side by side, so one cell update reads one short contiguous run. Each step's row of
 * inputs is [h_{s−1} | x_s | 1], so one SGEMM per step against Wᵀ with the bias as its last row gives the
 * pre-activations (no separate input projection over all steps, no bias copy), and after the loop one SGEMM
 * over all steps gives the gradients of W and b together (dW|db = dAᵀ·[h | x | 1]); dX is one more.
 *
 * <p>Threads. The samples of a batch are independent recurrences, so each thread takes a range of batch rows
 * through every step (its rows of each step's SGEMM and its cell updates) and the threads meet once per
 * pass, not once or twice per step; the whole-sequence SGEMMs of the backward split as usual. A row's values
 * do not depend on which range it falls in, and the ranges depend only on the thread count, so results are
 * the same run after run for a given thread count.
 */
final class LSTMKernels {
    /** Hidden units per gate block: one 16-float vector per gate with AVX-512, two with AVX2. */
    static final int U = 16;
    /** Batch rows per thread at least: below two such ranges the rows stay on one thread. */
    private static final int ROW_GRAIN = 8;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private LSTMKernels() {}

    /** The internal column of gate g (0 … 3 for i, f, o, g) of unit u. */
    static int column(int gate, int unit, int hid) {
        int b = unit / U;
        int w = Math.min(U, hid - b * U);
        return 4 * b * U + gate * w + unit - b * U;
    }

    /**
     * Runs the recurrence. Shape: x (N, T, D), h0 and c0 (N, H), weight (4H, H + D) with columns [h | x],
     * bias (4H) → (N, T, 2H) holding h_t in [0, H) and c_t in [H, 2H) at each step's own time index.
     */
    static Variable lstm(Variable x, Variable h0, Variable c0, Variable weight, Variable bias, boolean reverse) {
        int n = x.size(0);
        int steps = x.size(1);
        int d = x.size(2);
        int hid = h0.size(1);
        int g4 = 4 * hid;
        int k1 = hid + d + 1;
        int ld = k1;
        int nh = n * hid;
        int[] order = RNNBase.timeOrder(steps, reverse ? 1 : 0);
        Tensor w = weight.data().contiguous();
        float[] wd = w.data();
        int wOff = w.offset();
        int ldw = hid + d;
        // wt (H + D + 1, 4H): [W_h | W_x | b]ᵀ with the columns in block order.
        float[] wt = Workspace.take(k1 * g4);
        float[] b = bias.data().contiguous().toArray();
        for (int g = 0; g < 4; g++) {
            for (int u0 = 0; u0 < hid; u0 += U) {
                // Block by block: U rows of W read side by side, U contiguous columns of wt written.
                int width = Math.min(U, hid - u0);
                int col = column(g, u0, hid);
                int src = wOff + (g * hid + u0) * ldw;
                for (int k = 0; k < ldw; k++) {
                    for (int j = 0; j < width; j++) wt[k * g4 + col + j] = wd[src + j * ldw + k];
                }
                System.arraycopy(b, g * hid + u0, wt, ldw * g4 + col, width);
            }
        }
        // hx ((T + 1)·N, ld): row s·N + i = [h_{s−1} | x_s | 1] of sample i; block T holds h_{T−1} only.
        float[] hx = Workspace.take((steps + 1) * n * ld);
        Tensor xc = x.data().contiguous();
        float[] xd = xc.data();
        int xOff = xc.offset();
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
                int row = (s * n + i) * ld;
                System.arraycopy(xd, xOff + (i * steps + order[s]) * d, hx, row + hid, d);
                hx[row + hid + d] = 1f;
            }
        }
        Tensor h0c = h0.data().contiguous();
        for (int i = 0; i < n; i++) System.arraycopy(h0c.data(), h0c.offset() + i * hid, hx, i * ld, hid);
        // act (T, N, 4H): pre-activations, replaced by the gate values (and in the backward by their gradients).
        float[] act = Workspace.take(steps * n * g4);
        // cs (T + 1, N, H): c_{s−1} in block s, c0 in block 0; tc (T, N, H): tanh(c_s).
        float[] cs = Workspace.take((steps + 1) * nh);
        float[] tc = Workspace.take(steps * nh);
        Tensor c0c = c0.data().contiguous();
        System.arraycopy(c0c.data(), c0c.offset(), cs, 0, nh);
        float[] out = new float[n * steps * 2 * hid];
        overRows(n, (r0, r1) -> {
            for (int s = 0; s < steps; s++) {
                int aOff = s * n * g4;
                Sgemm.sgemm(false, false, r1 - r0, g4, k1, 1f, hx, (s * n + r0) * ld, ld, wt, 0, g4, 0f, act, aOff + r0 * g4, g4);
                for (int i = r0; i < r1; i++) {
                    int outRow = (i * steps + order[s]) * 2 * hid;
                    int hRow = ((s + 1) * n + i) * ld;
                    for (int u = 0; u < hid; u += U) {
                        cellForward(Math.min(U, hid - u), act, aOff + i * g4 + 4 * u, cs, s * nh + i * hid + u, nh, tc, hx, hRow + u, out, outRow + u, hid);
                    }
                }
            }
        });
        Workspace.give(wt);
        boolean graph = GradMode.isEnabled()
                && (x.requiresGrad() || h0.requiresGrad() || c0.requiresGrad() || weight.requiresGrad() || bias.requiresGrad());
        if (!graph) Workspace.give(act, hx, cs, tc);
        return Variable.op("lstm", Tensor.wrap(out, n, steps, 2 * hid), dOut -> {
            Tensor doc = dOut.contiguous();
            float[] dO = doc.data();
            int dOff = doc.offset();
            // wp (4H, H + D): W with its rows in block order, the B operand of dL/dh and dL/dx.
            float[] wp = Workspace.take(g4 * ldw);
            for (int r = 0; r < g4; r++) System.arraycopy(wd, wOff + r * ldw, wp, column(r / hid, r % hid, hid) * ldw, ldw);
            float[] dh = Workspace.take(nh);
            java.util.Arrays.fill(dh, 0f);
            float[] dc = new float[nh];
            overRows(n, (r0, r1) -> {
                for (int s = steps - 1; s >= 0; s--) {
                    if (s < steps - 1) {
                        // dL/dh_s from the later steps = dA_{s+1} · W_h.
                        Sgemm.sgemm(false, false, r1 - r0, hid, g4, 1f, act, ((s + 1) * n + r0) * g4, g4, wp, 0, ldw, 0f, dh, r0 * hid, hid);
                    }
                    int aOff = s * n * g4;
                    for (int i = r0; i < r1; i++) {
                        int outRow = dOff + (i * steps + order[s]) * 2 * hid;
                        for (int u = 0; u < hid; u += U) {
                            cellBackward(Math.min(U, hid - u), act, aOff + i * g4 + 4 * u, cs, s * nh + i * hid + u, tc, dh, dc, i * hid + u,
                                    dO, outRow + u, hid);
                        }
                    }
                }
            });
            Tensor dX = null;
            if (x.requiresGrad()) {
                float[] dxs = Workspace.take(steps * n * d);
                Sgemm.sgemm(false, false, steps * n, d, g4, 1f, act, 0, g4, wp, hid, ldw, 0f, dxs, 0, d);
                float[] dx = new float[n * steps * d];
                for (int s = 0; s < steps; s++) {
                    for (int i = 0; i < n; i++) System.arraycopy(dxs, (s * n + i) * d, dx, (i * steps + order[s]) * d, d);
                }
                dX = Tensor.wrap(dx, n, steps, d);
                Workspace.give(dxs);
            }
            Tensor dH0 = null;
            if (h0.requiresGrad()) {
                float[] dh0 = new float[nh];
                Sgemm.sgemm(false, false, n, hid, g4, 1f, act, 0, g4, wp, 0, ldw, 0f, dh0, 0, hid);
                dH0 = Tensor.wrap(dh0, n, hid);
            }
            Tensor dW = null;
            Tensor dB = null;
            if (weight.requiresGrad() || bias.requiresGrad()) {
                // [dW | db] in block order = dAᵀ · [h | x | 1] over every step at once.
                float[] dwt = Workspace.take(g4 * k1);
                Sgemm.sgemm(true, false, g4, k1, steps * n, 1f, act, 0, g4, hx, 0, ld, 0f, dwt, 0, k1);
                float[] dw = new float[g4 * ldw];
                float[] db = new float[g4];
                for (int r = 0; r < g4; r++) {
                    int src = column(r / hid, r % hid, hid) * k1;
                    System.arraycopy(dwt, src, dw, r * ldw, ldw);
                    db[r] = dwt[src + ldw];
                }
                dW = weight.requiresGrad() ? Tensor.wrap(dw, g4, ldw) : null;
                dB = bias.requiresGrad() ? Tensor.wrap(db, g4) : null;
                Workspace.give(dwt);
            }
            Workspace.give(act, hx, cs, tc, wp, dh);
            return new Tensor[] {dX, dH0, c0.requiresGrad() ? Tensor.wrap(dc, n, hid) : null, dW, dB};
        }, x, h0, c0, weight, bias);
    }

    /**
     * Runs {@code body} over the batch rows [0, n), cut into one contiguous range per thread: the samples of a
     * batch are independent recurrences, so each thread runs every step for its own rows and the threads
     * meet only at the end. With one thread, few rows, or inside a parallel region, the caller runs all rows
     * (and each step's SGEMM may still use the threads).
     */
    static void overRows(int n, Parallel.Chunk body) {
        if (Parallel.threads() > 1 && n >= 2 * ROW_GRAIN && !Parallel.insideParallel()) {
            Parallel.parallelFor(n, ROW_GRAIN, body);
        } else {
            body.run(0, n);
        }
    }

    /**
     * One step forward for one sample and one block of w units. act[a …] holds the block's pre-activations
     * [i f o g] (w each) on entry, the gate values on exit; reads c_{t−1} at cs[c …] and writes c_t at
     * cs[c + next …], tanh(c_t) at tc[c …], h_t at hx[h …], and h_t, c_t at out[o …] and out[o + hid …].
     *
     * <p>One loop over five segments of w: the four gates, then the cells, each through one exp:
     * σ(x) = 1/(e^−x + 1), tanh(x) = 1 − 2/(e^{2x} + 1), the bits of {@link GateFunctions}' scalar functions.
     * NOTE: a loop body with five exps (or two) inlined made C2 stop at its node-count cutoff and call exp
     * out of line with boxed vectors: 9 ns instead of under 1 ns per unit.
     */
    static void cellForward(int w, float[] act, int a, float[] cs, int c, int next, float[] tc, float[] hx, int h,
                            float[] out, int o, int hid) {
        if (w % S.length() != 0) {
            cellForwardScalar(w, act, a, cs, c, next, tc, hx, h, out, o, hid);
            return;
        }
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        for (int j = 0, segment = 0, u = 0; segment < 5; j += S.length()) {
            FloatVector x;
            if (segment < 4) {
                x = FloatVector.fromArray(S, act, a + j);
            } else {
                FloatVector ig = FloatVector.fromArray(S, act, a + u);
                FloatVector fg = FloatVector.fromArray(S, act, a + w + u);
                FloatVector gg = FloatVector.fromArray(S, act, a + 3 * w + u);
                x = fg.mul(FloatVector.fromArray(S, cs, c + u)).add(ig.mul(gg));
                x.intoArray(cs, c + next + u);
                x.intoArray(out, o + hid + u);
            }
            boolean tanh = segment >= 3;
            FloatVector q = (tanh ? two : one).div(GateFunctions.exp(tanh ? x.add(x) : x.neg()).add(1f));
            FloatVector y = tanh ? one.sub(q) : q;
            if (segment < 4) {
                y.intoArray(act, a + j);
            } else {
                y.intoArray(tc, c + u);
                FloatVector ht = FloatVector.fromArray(S, act, a + 2 * w + u).mul(y);
                ht.intoArray(hx, h + u);
                ht.intoArray(out, o + u);
            }
            u += S.length();
            if (u == w) {
                u = 0;
                segment++;
            }
        }
    }

    static void cellForwardScalar(int w, float[] act, int a, float[] cs, int c, int next, float[] tc, float[] hx, int h,
                                          float[] out, int o, int hid) {
        for (int j = 0; j < 3 * w; j++) act[a + j] = GateFunctions.sigmoid(act[a + j]);
        for (int j = 3 * w; j < 4 * w; j++) act[a + j] = GateFunctions.tanh(act[a + j]);
        for (int j = 0; j < w; j++) {
            float ct = act[a + w + j] * cs[c + j] + act[a + j] * act[a + 3 * w + j];
            float tct = GateFunctions.tanh(ct);
            float ht = act[a + 2 * w + j] * tct;
            cs[c + next + j] = ct;
            out[o + hid + j] = ct;
            tc[c + j] = tct;
            hx[h + j] = ht;
            out[o + j] = ht;
        }
    }

    /**
     * One step backward for one sample and one block of w units. dh[k …] holds dL/dh_t from the later steps,
     * dc[k …] dL/dc_t from them (and dL/dc_{t−1} on exit); dO[o …] and dO[o + hid …] the output's own
     * gradients of h_t and c_t. The gate values at act[a …] are replaced by the pre-activation gradients.
     */
    static void cellBackward(int w, float[] act, int a, float[] cs, int c, float[] tc, float[] dh, float[] dc, int k,
                             float[] dO, int o, int hid) {
        int j = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int bound = S.loopBound(w); j < bound; j += S.length()) {
            FloatVector ig = FloatVector.fromArray(S, act, a + j);
            FloatVector fg = FloatVector.fromArray(S, act, a + w + j);
            FloatVector og = FloatVector.fromArray(S, act, a + 2 * w + j);
            FloatVector gg = FloatVector.fromArray(S, act, a + 3 * w + j);
            FloatVector tct = FloatVector.fromArray(S, tc, c + j);
            FloatVector dht = FloatVector.fromArray(S, dh, k + j).add(FloatVector.fromArray(S, dO, o + j));
            FloatVector dct = FloatVector.fromArray(S, dc, k + j).add(FloatVector.fromArray(S, dO, o + hid + j))
                    .add(dht.mul(og).mul(one.sub(tct.mul(tct))));
            dct.mul(gg).mul(ig).mul(one.sub(ig)).intoArray(act, a + j);
            dct.mul(FloatVector.fromArray(S, cs, c + j)).mul(fg).mul(one.sub(fg)).intoArray(act, a + w + j);
            dht.mul(tct).mul(og).mul(one.sub(og)).intoArray(act, a + 2 * w + j);
            dct.mul(ig).mul(one.sub(gg.mul(gg))).intoArray(act, a + 3 * w + j);
            dct.mul(fg).intoArray(dc, k + j);
        }
        for (; j < w; j++) {
            float ig = act[a + j];
            float fg = act[a + w + j];
            float og = act[a + 2 * w + j];
            float gg = act[a + 3 * w + j];
            float tct = tc[c + j];
            float dht = dh[k + j] + dO[o + j];
            float dct = dc[k + j] + dO[o + hid + j] + dht * og * (1 - tct * tct);
            act[a + j] = dct * gg * ig * (1 - ig);
            act[a + w + j] = dct * cs[c + j] * fg * (1 - fg);
            act[a + 2 * w + j] = dht * tct * og * (1 - og);
            act[a + 3 * w + j] = dct * ig * (1 - gg * gg);
            dc[k + j] = dct * fg;
        }
    }
}

package org.fovea.rnn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
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
 * <p>The input products of all steps are one SGEMM before the loop, the weight gradients one matmul
 * after it; the loop itself does one (N, H)·(H, 4H) SGEMM per step each way, accumulated in place into
 * the pre-activations, and one fused element-wise pass (vectorised: {@link GateFunctions} forward, plain
 * arithmetic backward, each with a scalar tail giving the same bits) split over the batch rows between
 * the threads. Internally arrays are step-major (step s of the reading order, so a reverse direction
 * needs no special case).
 */
final class LSTMKernels {
    /** Batch rows per parallel chunk of the element-wise step: below two chunks' worth it stays on one thread. */
    private static final int ROW_GRAIN = 8;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private LSTMKernels() {}

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
        int[] order = RNNBase.timeOrder(steps, reverse ? 1 : 0);
        // W = [W_h | W_x] row-major (4H, H + D): W_hᵀ and W_xᵀ are read in place through SGEMM's transpose flag.
        Tensor w = weight.data().contiguous();
        float[] wd = w.data();
        int wOff = w.offset();
        int ldw = hid + d;
        float[] xs = toStepMajor(x.data().contiguous(), order);
        // act: (T, N, 4H) pre-activations, replaced by the gate activations; hAll, cAll: (T + 1, N, H), slot 0 the initial state.
        float[] act = new float[steps * n * g4];
        float[] b = bias.data().contiguous().toArray();
        for (int row = 0; row < steps * n; row++) System.arraycopy(b, 0, act, row * g4, g4);
        Sgemm.sgemm(false, true, steps * n, g4, d, 1f, xs, 0, d, wd, wOff + hid, ldw, 1f, act, 0, g4);
        int nh = n * hid;
        float[] hAll = new float[(steps + 1) * nh];
        float[] cAll = new float[(steps + 1) * nh];
        float[] tanhC = new float[steps * nh];
        System.arraycopy(h0.data().contiguous().toArray(), 0, hAll, 0, nh);
        System.arraycopy(c0.data().contiguous().toArray(), 0, cAll, 0, nh);
        // W_hᵀ (H, 4H) copied once: SGEMM would otherwise re-pack the transposed view at every step.
        float[] whT = new float[hid * g4];
        for (int r = 0; r < g4; r++) for (int c = 0; c < hid; c++) whT[c * g4 + r] = wd[wOff + r * ldw + c];
        for (int s = 0; s < steps; s++) {
            int aOff = s * n * g4;
            int cOff = s * nh;
            Sgemm.sgemm(false, false, n, g4, hid, 1f, hAll, cOff, hid, whT, 0, g4, 1f, act, aOff, g4);
            Parallel.parallelFor(n, ROW_GRAIN, (lo, hi) -> lstmStepForward(lo, hi, n, hid, act, aOff, cAll, cOff, tanhC, hAll));
        }
        float[] out = new float[n * steps * 2 * hid];
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
                int dst = (i * steps + order[s]) * 2 * hid;
                System.arraycopy(hAll, (s + 1) * nh + i * hid, out, dst, hid);
                System.arraycopy(cAll, (s + 1) * nh + i * hid, out, dst + hid, hid);
            }
        }
        return Variable.op("lstm", Tensor.wrap(out, n, steps, 2 * hid), dOut -> {
            float[] dO = dOut.contiguous().toArray();
            float[] dA = new float[steps * n * g4];
            float[] dh = new float[nh];
            float[] dc = new float[nh];
            for (int s = steps - 1; s >= 0; s--) {
                for (int i = 0; i < n; i++) {
                    int src = (i * steps + order[s]) * 2 * hid;
                    for (int j = 0; j < hid; j++) {
                        dh[i * hid + j] += dO[src + j];
                        dc[i * hid + j] += dO[src + hid + j];
                    }
                }
                int aOff = s * n * g4;
                int cOff = s * nh;
                Parallel.parallelFor(n, ROW_GRAIN, (lo, hi) -> lstmStepBackward(lo, hi, hid, act, aOff, cAll, cOff, tanhC, dh, dc, dA));
                // dL/dh_{t−1} = dA_t · W_h (overwrites dh).
                Sgemm.sgemm(false, false, n, hid, g4, 1f, dA, aOff, g4, wd, wOff, ldw, 0f, dh, 0, hid);
            }
            Tensor dAt = Tensor.wrap(dA, steps * n, g4);
            Tensor dX = null;
            if (x.requiresGrad()) {
                float[] dxs = new float[steps * n * d];
                Sgemm.sgemm(false, false, steps * n, d, g4, 1f, dA, 0, g4, wd, wOff + hid, ldw, 0f, dxs, 0, d);
                float[] dx = new float[n * steps * d];
                for (int s = 0; s < steps; s++) {
                    for (int i = 0; i < n; i++) System.arraycopy(dxs, (s * n + i) * d, dx, (i * steps + order[s]) * d, d);
                }
                dX = Tensor.wrap(dx, n, steps, d);
            }
            Tensor dW = null;
            if (weight.requiresGrad()) {
                Tensor hPrev = Tensor.wrap(hAll, (steps + 1) * n, hid).narrow(0, 0, steps * n);
                Tensor dAT = dAt.transpose(0, 1);
                dW = Tensor.concat(1, dAT.matmul(hPrev), dAT.matmul(Tensor.wrap(xs, steps * n, d)));
            }
            return new Tensor[] {
                    dX,
                    h0.requiresGrad() ? Tensor.wrap(dh, n, hid) : null,
                    c0.requiresGrad() ? Tensor.wrap(dc, n, hid) : null,
                    dW,
                    bias.requiresGrad() ? Tensor.wrap(columnSums(dA, steps * n, g4), g4) : null};
        }, x, h0, c0, weight, bias);
    }

    /** The sums of the columns of a row-major (rows, cols) array, row by row (a reduction over dim 0 would copy it transposed). */
    private static float[] columnSums(float[] a, int rows, int cols) {
        float[] out = new float[cols];
        for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) out[j] += a[r * cols + j];
        return out;
    }

    /** x (N, T, D) rearranged so that row s·N + i holds sample i at the s-th step read. */
    private static float[] toStepMajor(Tensor x, int[] order) {
        int n = x.size(0);
        int steps = x.size(1);
        int d = x.size(2);
        float[] src = x.toArray();
        float[] xs = new float[src.length];
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) System.arraycopy(src, (i * steps + order[s]) * d, xs, (s * n + i) * d, d);
        }
        return xs;
    }

    /**
     * One step forward for batch rows [lo, hi). act[aOff …] (N, 4H) holds the pre-activations [i f o g] on
     * entry, the gate values on exit; reads c_{t−1} at cAll[cOff …] and writes c_t and h_t to the next slot
     * (cOff + N·H) of cAll and hAll, tanh(c_t) to tanhC[cOff …]. Shape: every state block (N, H).
     */
    static void lstmStepForward(int lo, int hi, int n, int hid, float[] act, int aOff, float[] cAll, int cOff, float[] tanhC, float[] hAll) {
        int next = cOff + n * hid;
        for (int i = lo; i < hi; i++) {
            int a = aOff + i * 4 * hid;
            GateFunctions.sigmoid(act, a, 3 * hid);
            GateFunctions.tanh(act, a + 3 * hid, act, a + 3 * hid, hid);
            int row = i * hid;
            for (int j = 0; j < hid; j++) {
                cAll[next + row + j] = act[a + hid + j] * cAll[cOff + row + j] + act[a + j] * act[a + 3 * hid + j];
            }
            GateFunctions.tanh(cAll, next + row, tanhC, cOff + row, hid);
            for (int j = 0; j < hid; j++) hAll[next + row + j] = act[a + 2 * hid + j] * tanhC[cOff + row + j];
        }
    }

    /**
     * One step backward for batch rows [lo, hi). dh and dc (N, H) hold dL/dh_t and dL/dc_t on entry; dc holds
     * dL/dc_{t−1} on exit (dL/dh_{t−1} = dA·W_h is left to the caller); dA[aOff …] (N, 4H) receives the
     * pre-activation gradients.
     */
    static void lstmStepBackward(int lo, int hi, int hid, float[] act, int aOff, float[] cAll, int cOff, float[] tanhC,
                                 float[] dh, float[] dc, float[] dA) {
        for (int i = lo; i < hi; i++) {
            int a = aOff + i * 4 * hid;
            int k0 = i * hid;
            int j = 0;
            for (int bound = S.loopBound(hid); j < bound; j += S.length()) {
                int k = k0 + j;
                FloatVector one = FloatVector.broadcast(S, 1f);
                FloatVector ig = FloatVector.fromArray(S, act, a + j);
                FloatVector fg = FloatVector.fromArray(S, act, a + hid + j);
                FloatVector og = FloatVector.fromArray(S, act, a + 2 * hid + j);
                FloatVector gg = FloatVector.fromArray(S, act, a + 3 * hid + j);
                FloatVector tc = FloatVector.fromArray(S, tanhC, cOff + k);
                FloatVector dhk = FloatVector.fromArray(S, dh, k);
                FloatVector dct = FloatVector.fromArray(S, dc, k).add(dhk.mul(og).mul(one.sub(tc.mul(tc))));
                dct.mul(gg).mul(ig).mul(one.sub(ig)).intoArray(dA, a + j);
                dct.mul(FloatVector.fromArray(S, cAll, cOff + k)).mul(fg).mul(one.sub(fg)).intoArray(dA, a + hid + j);
                dhk.mul(tc).mul(og).mul(one.sub(og)).intoArray(dA, a + 2 * hid + j);
                dct.mul(ig).mul(one.sub(gg.mul(gg))).intoArray(dA, a + 3 * hid + j);
                dct.mul(fg).intoArray(dc, k);
            }
            for (; j < hid; j++) {
                int k = k0 + j;
                float ig = act[a + j];
                float fg = act[a + hid + j];
                float og = act[a + 2 * hid + j];
                float gg = act[a + 3 * hid + j];
                float tc = tanhC[cOff + k];
                float dct = dc[k] + dh[k] * og * (1 - tc * tc);
                dA[a + j] = dct * gg * ig * (1 - ig);
                dA[a + hid + j] = dct * cAll[cOff + k] * fg * (1 - fg);
                dA[a + 2 * hid + j] = dh[k] * tc * og * (1 - og);
                dA[a + 3 * hid + j] = dct * ig * (1 - gg * gg);
                dc[k] = dct * fg;
            }
        }
    }
}

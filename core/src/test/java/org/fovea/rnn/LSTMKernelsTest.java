package org.fovea.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fovea.autograd.Variable;
import org.fovea.kernel.Parallel;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused LSTM kernel at sizes where the gate blocks, the vector loops and the split of the batch rows
 * over threads all matter (the golden and gradient-check suites use H ≤ 5 and N ≤ 4: one block, one thread):
 * against the same recurrence composed of Variable ops, for 1, 2 and 3 threads (26 rows: 2 and 3 ranges),
 * both directions, with a ragged last block; and the same bits run after run.
 */
class LSTMKernelsTest {
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    /** Inputs x, h0, c0, W, b and the upstream gradient R of the (N, T, 2H) output. */
    private static Tensor[] inputs(int n, int t, int d, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new Tensor[] {Tensor.randn(r, n, t, d), Tensor.randn(r, n, h).mul(0.5f), Tensor.randn(r, n, h),
                Tensor.randn(r, 4 * h, h + d).mul(0.3f), Tensor.randn(r, 4 * h).mul(0.3f), Tensor.randn(r, n, t, 2 * h)};
    }

    /** Output, then the gradients of x, h0, c0, W and b, of Σ output ⊙ R. */
    private static List<Tensor> run(Tensor[] in, boolean reverse, boolean reference) {
        Variable[] v = new Variable[5];
        for (int i = 0; i < 5; i++) v[i] = Variable.param(in[i].copy());
        Variable out = reference ? reference(v[0], v[1], v[2], v[3], v[4], reverse) : LSTMKernels.lstm(v[0], v[1], v[2], v[3], v[4], reverse);
        out.mul(Variable.of(in[5])).sum().backward();
        List<Tensor> results = new ArrayList<>(List.of(out.data()));
        for (Variable p : v) results.add(p.grad());
        return results;
    }

    /** The lecture's recurrence step by step from Variable ops. */
    private static Variable reference(Variable x, Variable h0, Variable c0, Variable w, Variable b, boolean reverse) {
        int steps = x.size(1);
        int hid = h0.size(1);
        Variable h = h0;
        Variable c = c0;
        Variable[] outs = new Variable[steps];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            Variable xt = x.narrow(1, t, 1).reshape(x.size(0), x.size(2));
            Variable z = Variable.concat(1, h, xt).matmul(w.transpose(0, 1)).add(b);
            Variable i = z.narrow(1, 0, hid).sigmoid();
            Variable f = z.narrow(1, hid, hid).sigmoid();
            Variable o = z.narrow(1, 2 * hid, hid).sigmoid();
            Variable g = z.narrow(1, 3 * hid, hid).tanh();
            c = f.mul(c).add(i.mul(g));
            h = o.mul(c.tanh());
            outs[t] = Variable.concat(1, h, c);
        }
        return Variable.stack(1, outs);
    }

    @ParameterizedTest(name = "H={0} threads={1} reverse={2}")
    @CsvSource({"40, 1, false", "40, 2, false", "40, 2, true", "40, 3, true", "64, 2, false", "64, 1, true", "7, 2, false"})
    void matchesTheComposedRecurrence(int hid, int threads, boolean reverse) {
        Parallel.setThreads(threads);
        Tensor[] in = inputs(26, 6, 7, hid, 3 + hid);
        List<Tensor> got = run(in, reverse, false);
        List<Tensor> want = run(in, reverse, true);
        String[] names = {"output", "dx", "dh0", "dc0", "dW", "db"};
        for (int k = 0; k < names.length; k++) {
            assertArrayEquals(want.get(k).shape(), got.get(k).shape(), names[k]);
            float[] a = want.get(k).contiguous().toArray();
            float[] e = got.get(k).contiguous().toArray();
            for (int j = 0; j < a.length; j++) {
                assertEquals(a[j], e[j], 2e-5 + 2e-5 * Math.abs(a[j]), names[k] + " at " + j);
            }
        }
    }

    @Test
    void sameBitsRunAfterRun() {
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            Tensor[] in = inputs(21, 8, 6, 70, 5);
            List<Tensor> first = run(in, false, false);
            for (int rep = 0; rep < 3; rep++) {
                List<Tensor> again = run(in, false, false);
                for (int k = 0; k < first.size(); k++) {
                    assertArrayEquals(first.get(k).contiguous().toArray(), again.get(k).contiguous().toArray(), "result " + k + ", threads " + threads);
                }
            }
        }
    }

    @Test
    void vectorCellGivesTheScalarCellsBits() {
        int w = LSTMKernels.U;
        int hid = w;
        SplittableRandom r = new SplittableRandom(8);
        float[] act = new float[4 * w];
        float[] cs = new float[2 * w];
        for (int j = 0; j < act.length; j++) act[j] = (float) (r.nextGaussian() * (j % 5 == 0 ? 20 : 2));
        for (int j = 0; j < w; j++) cs[j] = (float) r.nextGaussian();
        act[1] = Float.NaN;
        act[w + 2] = 100;
        act[3 * w + 3] = -100;
        float[][] vector = {act.clone(), cs.clone(), new float[w], new float[w], new float[2 * hid]};
        float[][] scalar = {act.clone(), cs.clone(), new float[w], new float[w], new float[2 * hid]};
        LSTMKernels.cellForward(w, vector[0], 0, vector[1], 0, w, vector[2], vector[3], 0, vector[4], 0, hid);
        LSTMKernels.cellForwardScalar(w, scalar[0], 0, scalar[1], 0, w, scalar[2], scalar[3], 0, scalar[4], 0, hid);
        for (int k = 0; k < vector.length; k++) {
            for (int j = 0; j < vector[k].length; j++) {
                assertEquals(Float.floatToIntBits(scalar[k][j]), Float.floatToIntBits(vector[k][j]), "array " + k + " at " + j);
            }
        }
    }
}

package org.fovea.rnn;

import java.util.Arrays;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Softmax cross-entropy at every time step with a mask (CS231n assignment 3's temporal_softmax_loss),
 * fused and stable: L = Σ_{n,t} m_nt · (log Σ_v exp s_ntv − s_nt,y_nt) / Z, gradient m_nt·(p_nt − onehot)/Z.
 * Positions with m_nt = 0 (padding after the end of a caption) neither add to the loss nor get a gradient.
 * {@link Reduction#MEAN_OVER_UNMASKED}: Z = Σ m (PyTorch's cross_entropy with ignore_index, the default);
 * {@link Reduction#SUM_OVER_TIME}: Z = N, exactly the assignment's normalisation.
 * Shape: scores (N, T, V), targets (N, T) in [0, V), mask (N, T) of 0/1 or null (all ones) → scalar.
 */
public class TemporalCrossEntropy {
    /** How the masked sum is normalised. */
    public enum Reduction { MEAN_OVER_UNMASKED, SUM_OVER_TIME }

    private final Reduction reduction;

    public TemporalCrossEntropy() { this(Reduction.MEAN_OVER_UNMASKED); }

    public TemporalCrossEntropy(Reduction reduction) { this.reduction = reduction; }

    public Variable forward(Variable scores, int[][] targets, boolean[][] mask) {
        String name = "TemporalCrossEntropy";
        if (scores.dim() != 3) throw new IllegalArgumentException(name + ": expects scores (N, T, V), got shape " + Arrays.toString(scores.shape()));
        int n = scores.size(0);
        int steps = scores.size(1);
        int v = scores.size(2);
        checkRows(name, "targets", targets.length, n, scores);
        if (mask != null) checkRows(name, "mask", mask.length, n, scores);
        for (int i = 0; i < n; i++) {
            checkRows(name, "targets row " + i, targets[i].length, steps, scores);
            if (mask != null) checkRows(name, "mask row " + i, mask[i].length, steps, scores);
        }
        float[] s = scores.data().contiguous().toArray();
        float[] grad = new float[s.length];
        int count = 0;
        for (int i = 0; i < n; i++) for (int t = 0; t < steps; t++) if (mask == null || mask[i][t]) count++;
        double z = reduction == Reduction.SUM_OVER_TIME ? n : Math.max(count, 1);
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < steps; t++) {
                if (mask != null && !mask[i][t]) continue;
                int y = targets[i][t];
                if (y < 0 || y >= v) {
                    throw new IllegalArgumentException(name + ": target " + y + " at (" + i + ", " + t + ") is not a class in [0, " + v + ")");
                }
                int row = (i * steps + t) * v;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < v; j++) max = Math.max(max, s[row + j]);
                double sum = 0;
                for (int j = 0; j < v; j++) sum += Math.exp(s[row + j] - max);
                double lse = max + Math.log(sum);
                total += lse - s[row + y];
                for (int j = 0; j < v; j++) grad[row + j] = (float) ((Math.exp(s[row + j] - lse) - (j == y ? 1 : 0)) / z);
            }
        }
        Tensor dScores = Tensor.wrap(grad, n, steps, v);
        return Variable.op("temporalCrossEntropy", Tensor.scalar((float) (total / z)), dOut -> new Tensor[] {dScores.mul(dOut.item())}, scores);
    }

    /** Same, from tensors of whole numbers: targets (N, T), mask (N, T) of 0/1 or null. */
    public Variable forward(Variable scores, Tensor targets, Tensor mask) {
        int[][] y = toInts("targets", targets);
        boolean[][] m = null;
        if (mask != null) {
            int[][] mi = toInts("mask", mask);
            m = new boolean[mi.length][];
            for (int i = 0; i < mi.length; i++) {
                m[i] = new boolean[mi[i].length];
                for (int t = 0; t < mi[i].length; t++) {
                    if (mi[i][t] != 0 && mi[i][t] != 1) throw new IllegalArgumentException("TemporalCrossEntropy: mask values must be 0 or 1, got " + mi[i][t]);
                    m[i][t] = mi[i][t] == 1;
                }
            }
        }
        return forward(scores, y, m);
    }

    private static int[][] toInts(String what, Tensor t) {
        if (t.dim() != 2) throw new IllegalArgumentException("TemporalCrossEntropy: expects " + what + " (N, T), got shape " + Arrays.toString(t.shape()));
        float[] v = t.contiguous().toArray();
        int[][] out = new int[t.size(0)][t.size(1)];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) throw new IllegalArgumentException("TemporalCrossEntropy: " + what + " must hold whole numbers, got " + v[i]);
            out[i / t.size(1)][i % t.size(1)] = (int) v[i];
        }
        return out;
    }

    private static void checkRows(String name, String what, int have, int want, Variable scores) {
        if (have != want) {
            throw new IllegalArgumentException(name + ": " + what + " has " + have + " entries, scores of shape "
                    + Arrays.toString(scores.shape()) + " need " + want);
        }
    }
}

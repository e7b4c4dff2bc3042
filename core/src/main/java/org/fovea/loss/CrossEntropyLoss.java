package org.fovea.loss;

import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Softmax cross-entropy, fused and numerically stable (CS231n lecture 3): with p = softmax(s),
 * L_i = −Σ_j q_ij log p_ij where q is the one-hot label, or with label smoothing ε
 * q = (1 − ε)·onehot + ε/C (Szegedy et al. 2016). The loss is the mean over the batch; the gradient is
 * (p − q)/N. Shape: scores (N, C), labels N class indices → scalar.
 */
public class CrossEntropyLoss {
    private final double labelSmoothing;

    public CrossEntropyLoss() { this(0); }

    public CrossEntropyLoss(double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: labelSmoothing must be in [0, 1), got " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
    }

    public Variable forward(Variable scores, int[] labels) {
        Losses.checkLabels("CrossEntropyLoss", scores, labels);
        int n = scores.size(0);
        int c = scores.size(1);
        float[] s = scores.data().contiguous().toArray();
        float[] grad = new float[n * c];
        double total = 0;
        double off = labelSmoothing / c;
        double on = 1 - labelSmoothing + off;
        for (int i = 0; i < n; i++) {
            int row = i * c;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) max = Math.max(max, s[row + j]);
            double sum = 0;
            for (int j = 0; j < c; j++) sum += Math.exp(s[row + j] - max);
            double lse = max + Math.log(sum);
            for (int j = 0; j < c; j++) {
                double q = j == labels[i] ? on : off;
                double p = Math.exp(s[row + j] - lse);
                total += q * (lse - s[row + j]);
                grad[row + j] = (float) ((p - q) / n);
            }
        }
        Tensor dScores = Tensor.wrap(grad, n, c);
        return Variable.op("crossEntropy", Tensor.scalar((float) (total / n)),
                dOut -> new Tensor[] {dScores.mul(dOut.item())}, scores);
    }
}

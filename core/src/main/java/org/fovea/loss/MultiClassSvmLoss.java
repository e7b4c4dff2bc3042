package org.fovea.loss;

import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * The multiclass SVM (hinge) loss exactly as CS231n lecture 3 writes it:
 * L_i = Σ_{j ≠ y_i} max(0, s_j − s_{y_i} + Δ), averaged over the N samples (Δ = 1 by default).
 * Gradient: +1/N on every class j with a positive margin, −(their count)/N on the correct class.
 * Shape: scores (N, C), labels N class indices → scalar.
 */
public class MultiClassSvmLoss {
    private final double delta;

    public MultiClassSvmLoss() { this(1); }

    public MultiClassSvmLoss(double delta) {
        if (!(delta >= 0)) throw new IllegalArgumentException("MultiClassSvmLoss: delta must be >= 0, got " + delta);
        this.delta = delta;
    }

    public Variable forward(Variable scores, int[] labels) {
        Losses.checkLabels("MultiClassSvmLoss", scores, labels);
        int n = scores.size(0);
        int c = scores.size(1);
        float[] s = scores.data().contiguous().toArray();
        float[] grad = new float[n * c];
        double total = 0;
        for (int i = 0; i < n; i++) {
            int row = i * c;
            float correct = s[row + labels[i]];
            int positive = 0;
            for (int j = 0; j < c; j++) {
                if (j == labels[i]) continue;
                double margin = s[row + j] - correct + delta;
                if (margin > 0) {
                    total += margin;
                    grad[row + j] = 1f / n;
                    positive++;
                }
            }
            grad[row + labels[i]] = -(float) positive / n;
        }
        Tensor dScores = Tensor.wrap(grad, n, c);
        return Variable.op("svmLoss", Tensor.scalar((float) (total / n)), dOut -> new Tensor[] {dScores.mul(dOut.item())}, scores);
    }
}

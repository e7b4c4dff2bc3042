package org.fovea.loss;

import java.util.List;
import org.fovea.autograd.Variable;

/**
 * Regularisation penalties added to the data loss, L = L_data + λ·R(W) (CS231n lecture 3):
 * L2 R = Σ W², L1 R = Σ |W|, elastic net R = Σ (β·W² + |W|). Their gradient flows through backward like any
 * other term. This is not the same as an optimiser's decoupled weight decay (AdamW, Loshchilov & Hutter
 * 2019), which shrinks weights outside the gradient; for plain SGD, L2 with λ equals weight decay 2λ.
 * Apply it to weights, not biases, as the lecture advises.
 */
public final class Regularization {
    private Regularization() {}

    public static Variable l2(List<Variable> weights, double lambda) {
        return sum(weights, w -> w.mul(w).sum()).mul((float) lambda);
    }

    public static Variable l1(List<Variable> weights, double lambda) {
        return sum(weights, w -> w.abs().sum()).mul((float) lambda);
    }

    public static Variable elasticNet(List<Variable> weights, double lambda, double beta) {
        return sum(weights, w -> w.mul(w).sum().mul((float) beta).add(w.abs().sum())).mul((float) lambda);
    }

    private static Variable sum(List<Variable> weights, java.util.function.Function<Variable, Variable> term) {
        if (weights.isEmpty()) throw new IllegalArgumentException("Regularization: no weights given");
        Variable total = null;
        for (Variable w : weights) total = total == null ? term.apply(w) : total.add(term.apply(w));
        return total;
    }
}

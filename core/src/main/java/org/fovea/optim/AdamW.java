package org.fovea.optim;

import java.util.List;
import org.fovea.autograd.Variable;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019, "Decoupled Weight Decay Regularization",
 * Alg. 2), as {@code torch.optim.AdamW}: before the {@link Adam} step on the raw gradient,
 * <pre>
 *   x −= lr · weightDecay · x
 * </pre>
 * so the decay is not divided by √v̂ and acts as true weight decay rather than L2 regularisation in the loss.
 * As in PyTorch the decay is multiplied by the (scheduled) learning rate. Defaults: β1 = 0.9, β2 = 0.999,
 * ε = 1e-8, weightDecay = 0.01. State per parameter as {@link Adam}.
 */
public final class AdamW extends Adam {
    /** AdamW with β1 = 0.9, β2 = 0.999, ε = 1e-8 and weightDecay = 0.01. */
    public AdamW(List<Variable> params, double lr) { this(params, lr, 0.9, 0.999, 1e-8, 0.01); }

    public AdamW(List<Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super("AdamW", params, lr, beta1, beta2, eps, weightDecay, true);
    }
}

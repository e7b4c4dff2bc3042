package org.fovea.autograd;

import org.fovea.tensor.Tensor;

/** Matrix products, forward beside backward. */
final class LinalgOps {
    private LinalgOps() {}

    /**
     * torch.matmul semantics. For C = A·B (batched, batch dims broadcast): dA = dC·Bᵀ, dB = Aᵀ·dC, each
     * summed back over the batch dimensions it was broadcast along. 1-D operands are promoted to matrices.
     */
    static Variable matmul(Variable a, Variable b) {
        if (a.dim() == 1 && b.dim() == 1) return matmul(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        if (a.dim() == 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
        if (b.dim() == 1) return matmul(a, b.unsqueeze(1)).squeeze(-1);
        Tensor out = a.data().matmul(b.data());
        return Variable.op("matmul", out, dOut -> new Tensor[] {
                a.requiresGrad() ? dOut.matmul(b.data().transpose(-1, -2)).sumTo(a.shape()) : null,
                b.requiresGrad() ? a.data().transpose(-1, -2).matmul(dOut).sumTo(b.shape()) : null}, a, b);
    }
}

package org.fovea.autograd;

import java.util.Arrays;
import org.fovea.tensor.Tensor;

/** Reductions, each forward beside its backward. {@code dims} empty means all dimensions. */
final class ReduceOps {
    private ReduceOps() {}

    /** The output gradient reshaped as if keepDim were true, ready to broadcast over the input. */
    private static Tensor keepDims(Tensor dOut, int[] inShape, int[] dims) {
        int[] shape = inShape.clone();
        if (dims.length == 0) Arrays.fill(shape, 1);
        for (int d : dims) shape[d < 0 ? d + inShape.length : d] = 1;
        return dOut.reshape(shape);
    }

    static Variable sum(Variable a, int[] dims, boolean keepDim) {
        Tensor out = a.data().sum(dims, keepDim);
        return Variable.op("sum", out, dOut -> new Tensor[] {keepDims(dOut, a.shape(), dims).expand(a.shape())}, a);
    }

    static Variable mean(Variable a, int[] dims, boolean keepDim) {
        Tensor out = a.data().mean(dims, keepDim);
        int count = a.numel() / Math.max(out.numel(), 1);
        return Variable.op("mean", out, dOut -> new Tensor[] {keepDims(dOut, a.shape(), dims).div(count).expand(a.shape())}, a);
    }

    // The gradient flows to the (first) position that holds the extreme, via scatter-add of dOut there.
    static Variable extreme(Variable a, int dim, boolean keepDim, boolean max) {
        Tensor values = max ? a.data().max(dim, keepDim) : a.data().min(dim, keepDim);
        Tensor index = max ? a.data().argmax(dim, true) : a.data().argmin(dim, true);
        int[] dims = {dim};
        return Variable.op(max ? "max" : "min", values,
                dOut -> new Tensor[] {Tensor.scatterAdd(a.shape(), dim, index, keepDims(dOut, a.shape(), dims))}, a);
    }

    // d var / dx_i = 2 (x_i - mean) / (n - correction)
    static Variable var(Variable a, int[] dims, int correction, boolean keepDim) {
        Tensor out = a.data().var(dims, correction, keepDim);
        return Variable.op("var", out, dOut -> {
            Tensor mean = a.data().mean(dims, true);
            int n = a.numel() / mean.numel();
            Tensor scale = a.data().sub(mean).mul(2f / Math.max(n - correction, 0));
            return new Tensor[] {scale.mul(keepDims(dOut, a.shape(), dims))};
        }, a);
    }

    // log Σ exp x = m + log Σ exp(x − m), m = max x; the gradient is softmax(x) · dOut.
    static Variable logSumExp(Variable a, int dim, boolean keepDim) {
        Tensor m = a.data().max(dim, true);
        Tensor shifted = a.data().sub(m).exp();
        Tensor lse = shifted.sum(dim, true).log().add(m);
        Tensor out = keepDim ? lse : lse.squeeze(dim);
        int[] dims = {dim};
        return Variable.op("logsumexp", out, dOut -> {
            Tensor softmax = a.data().sub(lse).exp();
            return new Tensor[] {softmax.mul(keepDims(dOut, a.shape(), dims))};
        }, a);
    }
}

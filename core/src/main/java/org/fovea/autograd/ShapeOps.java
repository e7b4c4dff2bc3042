package org.fovea.autograd;

import org.fovea.tensor.Tensor;

/** Views, joins and indexing, each forward beside its backward (which moves dOut back into place). */
final class ShapeOps {
    private ShapeOps() {}

    static Variable reshape(Variable a, int... shape) {
        int[] in = a.shape();
        return Variable.op("reshape", a.data().reshape(shape), dOut -> new Tensor[] {dOut.reshape(in)}, a);
    }

    /** Merges dimensions startDim … last into one (torch.flatten(x, startDim)). */
    static Variable flatten(Variable a, int startDim) {
        int[] in = a.shape();
        int s = startDim < 0 ? startDim + in.length : startDim;
        int[] out = java.util.Arrays.copyOf(in, s + 1);
        out[s] = -1;
        return reshape(a, out);
    }

    static Variable permute(Variable a, int... order) {
        int[] inverse = new int[order.length];
        Tensor out = a.data().permute(order);
        for (int i = 0; i < order.length; i++) inverse[order[i] < 0 ? order[i] + order.length : order[i]] = i;
        return Variable.op("permute", out, dOut -> new Tensor[] {dOut.permute(inverse)}, a);
    }

    static Variable transpose(Variable a, int dim0, int dim1) {
        return Variable.op("transpose", a.data().transpose(dim0, dim1), dOut -> new Tensor[] {dOut.transpose(dim0, dim1)}, a);
    }

    static Variable narrow(Variable a, int dim, int start, int length) {
        return Variable.op("narrow", a.data().narrow(dim, start, length), dOut -> {
            Tensor d = Tensor.zeros(a.shape());
            d.narrow(dim, start, length).copyFrom(dOut);
            return new Tensor[] {d};
        }, a);
    }

    static Variable expand(Variable a, int... shape) {
        return Variable.op("expand", a.data().expand(shape), dOut -> new Tensor[] {dOut.sumTo(a.shape())}, a);
    }

    static Variable concat(int dim, Variable... parts) {
        Tensor[] data = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) data[i] = parts[i].data();
        Tensor out = Tensor.concat(dim, data);
        return Variable.op("concat", out, dOut -> {
            Tensor[] d = new Tensor[parts.length];
            int at = 0;
            for (int i = 0; i < parts.length; i++) {
                int len = parts[i].size(dim);
                if (parts[i].requiresGrad()) d[i] = dOut.narrow(dim, at, len);
                at += len;
            }
            return d;
        }, parts);
    }

    /** Composed: stack = unsqueeze each, then concat (needs no backward of its own). */
    static Variable stack(int dim, Variable... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("stack: needs at least one variable");
        Variable[] u = new Variable[parts.length];
        int d = dim < 0 ? dim + parts[0].dim() + 1 : dim;
        for (int i = 0; i < parts.length; i++) u[i] = parts[i].unsqueeze(d);
        return concat(d, u);
    }

    static Variable gather(Variable a, int dim, Tensor index) {
        return Variable.op("gather", a.data().gather(dim, index),
                dOut -> new Tensor[] {Tensor.scatterAdd(a.shape(), dim, index, dOut)}, a);
    }

    static Variable indexSelect(Variable a, int dim, int... indices) {
        int[] idx = indices.clone();
        return Variable.op("indexSelect", a.data().indexSelect(dim, idx),
                dOut -> new Tensor[] {Tensor.indexAdd(a.shape(), dim, idx, dOut)}, a);
    }
}

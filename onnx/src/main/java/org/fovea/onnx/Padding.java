package org.fovea.onnx;

import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Padding along one axis, differentiable: constant padding concatenates constant blocks, reflect and edge
 * padding select indices (so gradients of the repeated elements add up), negative amounts crop.
 */
final class Padding {
    private Padding() {}

    static Variable pad(Node n, Variable x, int axis, long before, long after, String mode, float value) {
        int size = x.size(axis);
        if (Math.abs(before) > Limits.MAX_ELEMENTS || Math.abs(after) > Limits.MAX_ELEMENTS) {
            throw n.fail("pads " + before + ", " + after + " exceed the limit of " + Limits.MAX_ELEMENTS + " elements");
        }
        if (before < 0 || after < 0) {
            long keep = size + Math.min(before, 0) + Math.min(after, 0);
            if (keep < 0) throw n.fail("negative pads " + before + ", " + after + " remove more than the " + size + " elements of axis " + axis);
            x = x.narrow(axis, (int) -Math.min(before, 0), (int) keep);
            before = Math.max(before, 0);
            after = Math.max(after, 0);
            size = (int) keep;
        }
        if (before == 0 && after == 0) return x;
        long[] out = new long[x.dim()];
        for (int d = 0; d < out.length; d++) out[d] = x.size(d);
        out[axis] = size + before + after;
        Op.checkSize(n, out);
        switch (mode) {
            case "constant" -> {
                int[] shape = x.shape();
                Variable result = x;
                if (before > 0) {
                    shape[axis] = (int) before;
                    result = Variable.concat(axis, Variable.of(Tensor.full(value, shape)), result);
                }
                if (after > 0) {
                    shape[axis] = (int) after;
                    result = Variable.concat(axis, result, Variable.of(Tensor.full(value, shape)));
                }
                return result;
            }
            case "reflect", "edge" -> {
                boolean reflect = mode.equals("reflect");
                if (size == 0 || (reflect && (before >= size || after >= size))) {
                    throw n.fail(mode + " padding of " + before + ", " + after + " needs a larger axis than " + size);
                }
                int[] idx = new int[(int) out[axis]];
                for (int k = 0; k < idx.length; k++) {
                    int i = k - (int) before;
                    if (i < 0) idx[k] = reflect ? -i : 0;
                    else if (i >= size) idx[k] = reflect ? 2 * (size - 1) - i : size - 1;
                    else idx[k] = i;
                }
                return x.indexSelect(axis, idx);
            }
            default -> throw n.unsupported("pad mode '" + mode + "' is not supported (constant, reflect, edge are)");
        }
    }
}

package org.fovea.zoo;

import org.fovea.autograd.Variable;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;

/**
 * The parameter-free shortcut "option A" of He et al. 2016 (§3.3, used for CIFAR-10 in §4.2): subsample by
 * the stride (keep every stride-th row and column, x[:, :, ::s, ::s]) and pad the extra channels with zeros,
 * half before and half after the input's channels (as the common reference implementation does).
 * Shape: (N, in, H, W) → (N, out, ⌈H/s⌉, ⌈W/s⌉).
 */
public final class ZeroPadShortcut extends Module {
    private final int in;
    private final int out;
    private final int stride;

    public ZeroPadShortcut(int in, int out, int stride) {
        if (in < 1 || out < in || stride < 1) {
            throw new IllegalArgumentException("ZeroPadShortcut: need 1 <= in <= out and stride >= 1, got in=" + in + ", out=" + out + ", stride=" + stride);
        }
        this.in = in;
        this.out = out;
        this.stride = stride;
    }

    @Override
    public Variable forward(Variable x) {
        if (x.dim() != 4 || x.size(1) != in) {
            throw new IllegalArgumentException("ZeroPadShortcut(" + extraRepr() + "): expects (N, " + in + ", H, W), got "
                    + java.util.Arrays.toString(x.shape()));
        }
        Variable y = stride == 1 ? x : x.indexSelect(2, every(stride, x.size(2))).indexSelect(3, every(stride, x.size(3)));
        int before = (out - in) / 2;
        int after = out - in - before;
        if (before + after == 0) return y;
        int n = y.size(0), h = y.size(2), w = y.size(3);
        return Variable.concat(1, Variable.of(Tensor.zeros(n, before, h, w)), y, Variable.of(Tensor.zeros(n, after, h, w)));
    }

    private static int[] every(int step, int size) {
        int[] idx = new int[(size + step - 1) / step];
        for (int i = 0; i < idx.length; i++) idx[i] = i * step;
        return idx;
    }

    @Override
    protected String extraRepr() { return "in=" + in + ", out=" + out + ", stride=" + stride; }

    public int in() { return in; }

    public int out() { return out; }

    public int stride() { return stride; }
}

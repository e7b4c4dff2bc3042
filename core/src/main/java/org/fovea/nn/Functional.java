package org.fovea.nn;

import org.fovea.autograd.Variable;
import org.fovea.kernel.Conv2d;
import org.fovea.kernel.ConvGeometry;
import org.fovea.kernel.Pool2d;
import org.fovea.kernel.PoolGeometry;
import org.fovea.kernel.Sgemm;
import org.fovea.tensor.Tensor;

/**
 * The stateless differentiable ops that layers are made of (as torch.nn.functional). Coarse ops with a
 * kernel pair (convolution, pooling) record one graph node; the rest are composed from Variable ops.
 * {@link Norms} holds batch normalisation and local response normalisation; {@link Activations} the
 * activations that need more than one Variable op.
 */
public final class Functional {
    private Functional() {}

    /**
     * y = x·Wᵀ + b as one graph node (one SGEMM each for y, dX and dW; the bias is C's starting value and its
     * gradient the column sums of dOut). Shape: x (…, in), weight (out, in), bias (out) or null → (…, out).
     * NOTE: composed as matmul + broadcast add it took 2.2× as long on LeNet-5's classifier (batch 64), which
     * spent more time in the add, its allocation and its reduction than in the products.
     */
    public static Variable linear(Variable x, Variable weight, Variable bias) {
        if (x.dim() < 1 || weight.dim() != 2 || x.size(-1) != weight.size(1)) {
            throw new IllegalArgumentException("linear: input of shape " + java.util.Arrays.toString(x.shape())
                    + " does not match weight of shape " + java.util.Arrays.toString(weight.shape()) + " (in features "
                    + (weight.dim() == 2 ? weight.size(1) : -1) + ")");
        }
        int in = weight.size(1), outF = weight.size(0), rows = x.numel() / Math.max(in, 1);
        if (bias != null && (bias.dim() != 1 || bias.size(0) != outF)) {
            throw new IllegalArgumentException("linear: bias of shape " + java.util.Arrays.toString(bias.shape())
                    + " does not match weight of shape " + java.util.Arrays.toString(weight.shape()));
        }
        Tensor xc = x.data().contiguous(), wc = weight.data().contiguous();
        float[] out = new float[rows * outF];
        if (bias != null) {
            Tensor bc = bias.data().contiguous();
            for (int r = 0; r < rows; r++) System.arraycopy(bc.data(), bc.offset(), out, r * outF, outF);
        }
        Sgemm.sgemm(false, true, rows, outF, in, 1f, xc.data(), xc.offset(), in, wc.data(), wc.offset(), in,
                bias == null ? 0f : 1f, out, 0, outF);
        int[] shape = x.shape().clone();
        shape[shape.length - 1] = outF;
        Variable[] inputs = bias == null ? new Variable[] {x, weight} : new Variable[] {x, weight, bias};
        return Variable.op("linear", Tensor.wrap(out, shape), dOut -> {
            Tensor d = dOut.contiguous();
            Tensor[] grads = new Tensor[inputs.length];
            if (x.requiresGrad()) {
                float[] dX = new float[rows * in];
                Sgemm.sgemm(false, false, rows, in, outF, 1f, d.data(), d.offset(), outF, wc.data(), wc.offset(), in,
                        0f, dX, 0, in);
                grads[0] = Tensor.wrap(dX, x.shape());
            }
            if (weight.requiresGrad()) {
                float[] dW = new float[outF * in];
                Sgemm.sgemm(true, false, outF, in, rows, 1f, d.data(), d.offset(), outF, xc.data(), xc.offset(), in,
                        0f, dW, 0, in);
                grads[1] = Tensor.wrap(dW, weight.shape());
            }
            if (bias != null && bias.requiresGrad()) grads[2] = Tensor.wrap(columnSums(d, rows, outF), bias.shape());
            return grads;
        }, inputs);
    }

    /**
     * The elements of t in row-major order, exactly, for kernels that take a bare array: t's own array when it is
     * laid out so, else a copy. (A view such as x.narrow(0, 10, 5) starts further into its array.)
     */
    static float[] dense(Tensor t) {
        if (t.isContiguous() && t.offset() == 0 && t.data().length == t.numel()) return t.data();
        return t.toArray();
    }

    /** Sums of the columns of a contiguous (rows, cols) tensor, row after row (a fixed order). */
    private static float[] columnSums(Tensor d, int rows, int cols) {
        float[] s = new float[cols];
        float[] a = d.data();
        for (int r = 0, at = d.offset(); r < rows; r++, at += cols) {
            for (int j = 0; j < cols; j++) s[j] += a[at + j];
        }
        return s;
    }

    /**
     * 2-D convolution. Shape: x (N, C, H, W), weight (K, C/groups, R, S), bias (K) or null →
     * (N, K, (H + 2P − D(R−1) − 1)/S + 1, …). {@code layer} names the caller in error messages.
     */
    public static Variable conv2d(String layer, Variable x, Variable weight, Variable bias,
                                  int[] stride, int[] padding, int[] dilation, int groups) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(layer + ": expects input (N, C, H, W), got shape " + java.util.Arrays.toString(x.shape()));
        }
        if (x.size(1) != weight.size(1) * groups) {
            throw new IllegalArgumentException(layer + ": input of shape " + java.util.Arrays.toString(x.shape()) + " has " + x.size(1)
                    + " channels but weight of shape " + java.util.Arrays.toString(weight.shape()) + " expects " + weight.size(1) * groups);
        }
        ConvGeometry g;
        try {
            g = new ConvGeometry(x.size(0), x.size(1), x.size(2), x.size(3), weight.size(0), weight.size(2), weight.size(3),
                    stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(layer + ": " + e.getMessage(), e);
        }
        float[] xa = dense(x.data()), wa = dense(weight.data());
        float[] out = new float[g.outputSize()];
        // NOTE: the backward pass unfolds the input again. Keeping the forward pass's im2col for it was measured
        // slower (LeNet-5 training 4-6 % fewer images/s): reading it back from L3 costs more than recomputing
        // it block by block in L2.
        Conv2d.conv2dForward(g, xa, wa, bias == null ? null : bias.data().contiguous().toArray(), out);
        Tensor y = Tensor.wrap(out, g.n(), g.k(), g.outH(), g.outW());
        Variable[] inputs = bias == null ? new Variable[] {x, weight} : new Variable[] {x, weight, bias};
        return Variable.op("conv2d", y, dOut -> {
            float[] dX = x.requiresGrad() ? new float[g.inputSize()] : null;
            float[] dW = weight.requiresGrad() ? new float[g.weightSize()] : null;
            float[] dB = bias != null && bias.requiresGrad() ? new float[g.k()] : null;
            Conv2d.conv2dBackward(g, xa, wa, dense(dOut), dX, dW, dB);
            Tensor[] grads = new Tensor[inputs.length];
            grads[0] = dX == null ? null : Tensor.wrap(dX, x.shape());
            grads[1] = dW == null ? null : Tensor.wrap(dW, weight.shape());
            if (bias != null) grads[2] = dB == null ? null : Tensor.wrap(dB, bias.shape());
            return grads;
        }, inputs);
    }

    private static PoolGeometry poolGeometry(String layer, Variable x, int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(layer + ": expects input (N, C, H, W), got shape " + java.util.Arrays.toString(x.shape()));
        }
        try {
            return new PoolGeometry(x.size(0), x.size(1), x.size(2), x.size(3), kernel[0], kernel[1], stride[0], stride[1],
                    padding[0], padding[1], ceilMode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(layer + ": " + e.getMessage(), e);
        }
    }

    /** Max pooling. Shape: (N, C, H, W) → (N, C, outH, outW). */
    public static Variable maxPool2d(String layer, Variable x, int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        PoolGeometry g = poolGeometry(layer, x, kernel, stride, padding, ceilMode);
        float[] out = new float[g.outputSize()];
        int[] argmax = new int[g.outputSize()];
        Pool2d.maxPool2dForward(g, dense(x.data()), out, argmax);
        return Variable.op("maxPool2d", Tensor.wrap(out, g.n(), g.c(), g.outH(), g.outW()), dOut -> {
            float[] dX = new float[g.inputSize()];
            Pool2d.maxPool2dBackwardIntoZeros(g, dense(dOut), argmax, dX);
            return new Tensor[] {Tensor.wrap(dX, x.shape())};
        }, x);
    }

    /** Average pooling. Shape: (N, C, H, W) → (N, C, outH, outW). */
    public static Variable avgPool2d(String layer, Variable x, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
                                     boolean countIncludePad) {
        PoolGeometry g = poolGeometry(layer, x, kernel, stride, padding, ceilMode);
        float[] out = new float[g.outputSize()];
        Pool2d.avgPool2dForward(g, countIncludePad, dense(x.data()), out);
        return Variable.op("avgPool2d", Tensor.wrap(out, g.n(), g.c(), g.outH(), g.outW()), dOut -> {
            float[] dX = new float[g.inputSize()];
            Pool2d.avgPool2dBackward(g, countIncludePad, dense(dOut), dX);
            return new Tensor[] {Tensor.wrap(dX, x.shape())};
        }, x);
    }

    /**
     * Inverted dropout: in training each element is zeroed with probability p (the DROP probability) and
     * the survivors scaled by 1/(1 − p), so the expectation equals the input and evaluation is the identity.
     * With {@code channels}, whole (N, C) feature maps are dropped together (Dropout2d).
     */
    public static Variable dropout(Variable x, double p, boolean training, boolean channels,
                                   java.util.random.RandomGenerator rng) {
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0f);
        int[] maskShape = x.shape();
        if (channels) for (int d = 2; d < maskShape.length; d++) maskShape[d] = 1;
        Tensor mask = Tensor.zeros(maskShape);
        float[] m = mask.data();
        float keep = (float) (1 / (1 - p));
        for (int i = 0; i < m.length; i++) m[i] = rng.nextDouble() >= p ? keep : 0f;
        return x.mul(Variable.of(mask));
    }
}

package org.fovea.onnx;

import java.util.Map;
import org.fovea.autograd.Variable;
import org.fovea.nn.Activations;
import org.fovea.nn.Functional;
import org.fovea.nn.Norms;
import org.fovea.tensor.Tensor;

/** Convolution, pooling, normalisation, activations and products: the operators of CNN classifiers. */
final class NnOps {
    private NnOps() {}

    static void register(Map<String, Op> ops) {
        ops.put("Conv", NnOps::conv);
        ops.put("MaxPool", (n, in, ctx) -> pool(n, in, true));
        ops.put("AveragePool", (n, in, ctx) -> pool(n, in, false));
        ops.put("GlobalAveragePool", (n, in, ctx) -> {
            Variable x = Op.floats(n, in, 0);
            if (x.dim() < 3) throw n.fail("expects (N, C, spatial…), got rank " + x.dim());
            int[] dims = new int[x.dim() - 2];
            for (int d = 0; d < dims.length; d++) dims[d] = d + 2;
            return Op.one(x.mean(dims, true));
        });
        ops.put("BatchNormalization", NnOps::batchNorm);
        ops.put("LRN", NnOps::lrn);
        ops.put("Relu", (n, in, ctx) -> Op.one(Op.floats(n, in, 0).relu()));
        ops.put("LeakyRelu", (n, in, ctx) -> Op.one(Activations.leakyRelu(Op.floats(n, in, 0), n.f("alpha", 0.01f))));
        ops.put("Elu", (n, in, ctx) -> Op.one(Activations.elu(Op.floats(n, in, 0), n.f("alpha", 1f))));
        ops.put("PRelu", (n, in, ctx) -> {
            Variable x = Op.floats(n, in, 0);
            Variable zero = Variable.of(Tensor.scalar(0f));
            Variable slope = Op.floats(n, in, 1);
            if (n.opset < 7 && slope.dim() == 1 && x.dim() > 2 && slope.numel() == x.size(1)) {
                int[] shape = new int[x.dim() - 1];
                java.util.Arrays.fill(shape, 1);
                shape[0] = slope.numel();
                slope = slope.reshape(shape);   // before opset 7 the slope is per channel
            }
            return Op.one(x.maximum(zero).add(slope.mul(x.minimum(zero))));
        });
        ops.put("Sigmoid", (n, in, ctx) -> Op.one(Op.floats(n, in, 0).sigmoid()));
        ops.put("Tanh", (n, in, ctx) -> Op.one(Op.floats(n, in, 0).tanh()));
        ops.put("HardSigmoid", (n, in, ctx) -> Op.one(hardSigmoid(Op.floats(n, in, 0), n.f("alpha", 0.2f), n.f("beta", 0.5f))));
        ops.put("HardSwish", (n, in, ctx) -> {
            Variable x = Op.floats(n, in, 0);
            return Op.one(x.mul(hardSigmoid(x, 1f / 6, 0.5f)));
        });
        ops.put("Clip", NnOps::clip);
        ops.put("Softmax", (n, in, ctx) -> Op.one(softmax(n, Op.floats(n, in, 0), false)));
        ops.put("LogSoftmax", (n, in, ctx) -> Op.one(softmax(n, Op.floats(n, in, 0), true)));
        ops.put("Gemm", NnOps::gemm);
        ops.put("MatMul", (n, in, ctx) -> Op.one(Op.floats(n, in, 0).matmul(Op.floats(n, in, 1))));
        ops.put("Dropout", NnOps::dropout);
    }

    private static Variable hardSigmoid(Variable x, float alpha, float beta) {
        return x.mul(alpha).add(beta).maximum(Variable.of(Tensor.scalar(0f))).minimum(Variable.of(Tensor.scalar(1f)));
    }

    /** Begin and end padding of each spatial axis from pads or auto_pad (SAME_* keeps ⌈in / stride⌉ outputs). */
    private static int[][] pads(Node n, int[] in, int[] kernel, int[] stride, int[] dilation) {
        int s = in.length;
        int[][] p = new int[2][s];
        String auto = n.s("auto_pad", "NOTSET");
        switch (auto) {
            case "NOTSET" -> {
                int[] pads = n.ints("pads", new int[2 * s], 0, 1 << 20);
                if (pads.length != 2 * s) throw n.fail("pads must have " + 2 * s + " values, got " + pads.length);
                for (int d = 0; d < s; d++) {
                    p[0][d] = pads[d];
                    p[1][d] = pads[d + s];
                }
            }
            case "VALID" -> { }
            case "SAME_UPPER", "SAME_LOWER" -> {
                for (int d = 0; d < s; d++) {
                    int out = Math.ceilDiv(in[d], stride[d]);
                    int total = Math.max(0, (out - 1) * stride[d] + (kernel[d] - 1) * dilation[d] + 1 - in[d]);
                    p[0][d] = auto.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                    p[1][d] = total - p[0][d];
                }
            }
            default -> throw n.fail("unknown auto_pad '" + auto + "'");
        }
        return p;
    }

    /** 1-D inputs (N, C, L) run as 2-D (N, C, 1, L); only 1-D and 2-D are supported. */
    private static Variable as2d(Node n, Variable x) {
        if (x.dim() == 3) return x.unsqueeze(2);
        if (x.dim() == 4) return x;
        throw n.unsupported("only 1-D and 2-D inputs are supported, got shape " + java.util.Arrays.toString(x.shape()));
    }

    private static int[] two(Node n, String name, int spatial, int fallback) {
        int[] v = n.ints(name, null, 1, 1 << 20);
        if (v == null) return new int[] {fallback, fallback};
        if (v.length != spatial) throw n.fail(name + " must have " + spatial + " values, got " + v.length);
        return spatial == 1 ? new int[] {1, v[0]} : v;
    }

    private static Variable padSpatial(Node n, Variable x, int[][] p, float value) {
        for (int d = 0; d < 2; d++) x = Padding.pad(n, x, d + 2, p[0][d], p[1][d], "constant", value);
        return x;
    }

    private static int[][] pads2d(Node n, int rank, int[] h, int[] k, int[] s, int[] dil) {
        int[][] p = pads(n, rank == 3 ? new int[] {h[1]} : h, rank == 3 ? new int[] {k[1]} : k, rank == 3 ? new int[] {s[1]} : s,
                rank == 3 ? new int[] {dil[1]} : dil);
        return rank == 3 ? new int[][] {{0, p[0][0]}, {0, p[1][0]}} : p;
    }

    private static Value[] conv(Node n, Value[] in, Op.Context ctx) {
        Variable x0 = Op.floats(n, in, 0);
        int rank = x0.dim();
        Variable x = as2d(n, x0);
        Variable w = Op.floats(n, in, 1);
        if (w.dim() != rank) throw n.fail("weight of shape " + java.util.Arrays.toString(w.shape()) + " does not match input rank " + rank);
        if (rank == 3) w = w.unsqueeze(2);
        Variable b = Op.has(in, 2) ? Op.floats(n, in, 2) : null;
        int spatial = rank - 2;
        int[] stride = two(n, "strides", spatial, 1);
        int[] dilation = two(n, "dilations", spatial, 1);
        int groups = n.int32("group", 1);
        int[] k = {w.size(2), w.size(3)};
        int[] kAttr = two(n, "kernel_shape", spatial, -1);
        if (kAttr[0] != -1 && (kAttr[0] != k[0] || kAttr[1] != k[1])) throw n.fail("kernel_shape does not match the weight's shape");
        int[][] p = pads2d(n, rank, new int[] {x.size(2), x.size(3)}, k, stride, dilation);
        int[] padding = {p[0][0], p[0][1]};
        // NOTE: asymmetric padding is explicit, and so is padding of an input narrower than the kernel or
        // padding as wide as the kernel: Fovea's im2col fails when a kernel tap sees no input column at all.
        boolean narrow = x.size(2) < (k[0] - 1) * dilation[0] + 1 || x.size(3) < (k[1] - 1) * dilation[1] + 1;
        boolean wide = p[0][0] >= k[0] || p[0][1] >= k[1];
        if (p[0][0] != p[1][0] || p[0][1] != p[1][1] || ((narrow || wide) && (p[0][0] > 0 || p[0][1] > 0))) {
            x = padSpatial(n, x, p, 0f);
            padding = new int[] {0, 0};
        }
        if (groups < 1) throw n.fail("group must be >= 1, got " + groups);
        Variable y = Functional.conv2d(n.label, x, w, b, stride, padding, dilation, groups);
        return Op.one(rank == 3 ? y.squeeze(2) : y);
    }

    private static Value[] pool(Node n, Value[] in, boolean max) {
        if (n.proto.getOutputCount() > 1) throw n.unsupported("the Indices output is not supported");
        Variable x0 = Op.floats(n, in, 0);
        int rank = x0.dim();
        Variable x = as2d(n, x0);
        int spatial = rank - 2;
        if (!n.has("kernel_shape")) throw n.fail("kernel_shape is required");
        int[] k = two(n, "kernel_shape", spatial, 1);
        int[] stride = two(n, "strides", spatial, 1);
        int[] dilation = two(n, "dilations", spatial, 1);
        if (dilation[0] != 1 || dilation[1] != 1) throw n.unsupported("dilations other than 1 are not supported");
        boolean ceil = n.i("ceil_mode", 0) != 0;
        int[][] p = pads2d(n, rank, new int[] {x.size(2), x.size(3)}, k, stride, dilation);
        // Fovea's pooling pads symmetrically by at most half the window; anything else is padded explicitly.
        boolean symmetric = p[0][0] == p[1][0] && p[0][1] == p[1][1] && 2 * p[0][0] <= k[0] && 2 * p[0][1] <= k[1];
        Variable y;
        if (max) {
            if (!symmetric) x = padSpatial(n, x, p, Float.NEGATIVE_INFINITY);
            int[] padding = symmetric ? new int[] {p[0][0], p[0][1]} : new int[2];
            y = Functional.maxPool2d(n.label, x, k, stride, padding, ceil);
        } else {
            boolean includePad = n.i("count_include_pad", 0) != 0;
            if (symmetric) {
                y = Functional.avgPool2d(n.label, x, k, stride, new int[] {p[0][0], p[0][1]}, ceil, includePad);
            } else {
                // Mean over the real elements of each window = pooled padded sum / pooled padded count.
                Variable sum = Functional.avgPool2d(n.label, padSpatial(n, x, p, 0f), k, stride, new int[2], ceil, true);
                if (includePad) {
                    y = sum;
                } else {
                    Variable ones = Variable.of(Tensor.ones(1, 1, x.size(2), x.size(3)));
                    Variable count = Functional.avgPool2d(n.label, padSpatial(n, ones, p, 0f), k, stride, new int[2], ceil, true);
                    y = sum.div(count);
                }
            }
        }
        return Op.one(rank == 3 ? y.squeeze(2) : y);
    }

    private static Value[] batchNorm(Node n, Value[] in, Op.Context ctx) {
        if (n.proto.getOutputCount() > 1 || n.i("training_mode", 0) != 0) {
            throw n.unsupported("the training-mode outputs (running statistics) are not supported; Fovea updates them in train()");
        }
        if (n.i("spatial", 1) != 1) throw n.unsupported("spatial = 0 is not supported");
        Variable x = Op.floats(n, in, 0);
        int c = x.dim() >= 2 ? x.size(1) : -1;
        Variable[] p = new Variable[4];
        for (int i = 0; i < 4; i++) {
            p[i] = Op.floats(n, in, i + 1);
            if (p[i].numel() != c) throw n.fail("input " + (i + 1) + " of shape " + java.util.Arrays.toString(p[i].shape()) + " must hold one value per channel of " + java.util.Arrays.toString(x.shape()));
        }
        float eps = n.f("epsilon", 1e-5f);
        double momentum = 1 - n.f("momentum", 0.9f);
        return Op.one(Norms.batchNorm(n.label, x, p[0].reshape(c), p[1].reshape(c), p[2].data(), p[3].data(),
                ctx.training(), momentum, eps));
    }

    /** ONNX's LRN window: channels [c − ⌊(size−1)/2⌋, c + ⌈(size−1)/2⌉], b = x / (bias + α/size · Σ x²)^β. */
    private static Value[] lrn(Node n, Value[] in, Op.Context ctx) {
        Variable x = Op.floats(n, in, 0);
        int size = n.int32("size", 0);
        if (size < 1 || size > 1 << 16) throw n.fail("size must be a positive odd number, got " + size);
        if (x.dim() < 2) throw n.fail("expects (N, C, …), got rank " + x.dim());
        int c = x.size(1);
        Variable sq = Padding.pad(n, x.mul(x), 1, (size - 1) / 2, size / 2, "constant", 0f);
        Variable sum = null;
        for (int i = 0; i < size; i++) {
            Variable shifted = sq.narrow(1, i, c);
            sum = sum == null ? shifted : sum.add(shifted);
        }
        float alpha = n.f("alpha", 1e-4f);
        return Op.one(x.div(sum.mul(alpha / size).add(n.f("bias", 1f)).pow(n.f("beta", 0.75f))));
    }

    private static Value[] clip(Node n, Value[] in, Op.Context ctx) {
        Variable x = Op.floats(n, in, 0);
        float lo = n.opset < 11 ? n.f("min", -Float.MAX_VALUE) : Op.has(in, 1) ? Op.scalar(n, in, 1) : Float.NEGATIVE_INFINITY;
        float hi = n.opset < 11 ? n.f("max", Float.MAX_VALUE) : Op.has(in, 2) ? Op.scalar(n, in, 2) : Float.POSITIVE_INFINITY;
        return Op.one(x.maximum(Variable.of(Tensor.scalar(lo))).minimum(Variable.of(Tensor.scalar(hi))));
    }

    /** Softmax along an axis; before opset 13 the input is coerced to 2-D (N, rest) at the axis. */
    private static Variable softmax(Node n, Variable x, boolean log) {
        int rank = x.dim();
        int axis = n.axis(n.i("axis", n.opset < 13 ? 1 : -1), rank);
        if (n.opset >= 13 || rank == 0) return log ? x.logSoftmax(axis) : x.softmax(axis);
        int[] shape = x.shape();
        int outer = 1;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        Variable flat = x.reshape(outer, x.numel() / Math.max(outer, 1));
        return (log ? flat.logSoftmax(1) : flat.softmax(1)).reshape(shape);
    }

    private static Value[] gemm(Node n, Value[] in, Op.Context ctx) {
        Variable a = Op.floats(n, in, 0);
        Variable b = Op.floats(n, in, 1);
        if (a.dim() != 2 || b.dim() != 2) throw n.fail("A and B must be matrices, got " + java.util.Arrays.toString(a.shape()) + " and " + java.util.Arrays.toString(b.shape()));
        if (n.i("transA", 0) != 0) a = a.transpose(0, 1);
        if (n.i("transB", 0) != 0) b = b.transpose(0, 1);
        Variable y = a.matmul(b);
        float alpha = n.f("alpha", 1f);
        if (alpha != 1f) y = y.mul(alpha);
        if (Op.has(in, 2)) {
            float beta = n.f("beta", 1f);
            Variable c = Op.floats(n, in, 2);
            y = y.add(beta == 1f ? c : c.mul(beta));
        }
        return Op.one(y);
    }

    private static Value[] dropout(Node n, Value[] in, Op.Context ctx) {
        Variable x = Op.floats(n, in, 0);
        float ratio = n.opset < 12 ? n.f("ratio", 0.5f) : Op.has(in, 1) ? Op.scalar(n, in, 1) : 0.5f;
        boolean training = n.opset < 12 ? ctx.training() : Op.has(in, 2) ? Op.scalar(n, in, 2) != 0 : ctx.training();
        if (!(ratio >= 0 && ratio < 1)) throw n.fail("ratio must be in [0, 1), got " + ratio);
        long[] mask = new long[x.numel()];
        Variable y = x;
        if (training && ratio > 0) {
            float[] m = new float[mask.length];
            for (int i = 0; i < m.length; i++) {
                boolean keep = ctx.rng().nextDouble() >= ratio;
                m[i] = keep ? 1 / (1 - ratio) : 0f;
                mask[i] = keep ? 1 : 0;
            }
            y = x.mul(Variable.of(Tensor.wrap(m, x.shape())));
        } else {
            java.util.Arrays.fill(mask, 1);
        }
        if (n.proto.getOutputCount() < 2) return Op.one(y);
        return new Value[] {new Value.Floats(y), new Value.Ints(mask, x.shape(), Tensors.BOOL)};
    }
}

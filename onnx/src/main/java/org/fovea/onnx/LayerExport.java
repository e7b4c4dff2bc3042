package org.fovea.onnx;

import static org.fovea.onnx.GraphBuilder.attr;

import java.util.List;
import org.fovea.autograd.Variable;
import org.fovea.nn.*;
import org.fovea.nn.Module;
import org.fovea.rnn.RNNBase;
import org.fovea.zoo.ZeroPadShortcut;

/** The ONNX nodes of one leaf layer; {@code x} is its traced input, {@code y} the output the layer gave for it. */
final class LayerExport {
    private LayerExport() {}

    static String emit(GraphBuilder g, Module m, String prefix, OnnxExporter.Traced x, Variable y) {
        String in = x.name();
        String p = prefix.isEmpty() ? "" : prefix + ".";
        return switch (m) {
            case Conv2d c -> {
                int[] s = c.stride(), pad = c.padding(), d = c.dilation();
                var w = c.weight().data();
                List<String> inputs = c.bias() == null ? List.of(in, g.tensor(p + "weight", w))
                        : List.of(in, g.tensor(p + "weight", w), g.tensor(p + "bias", c.bias().data()));
                yield g.node("Conv", inputs, attr("kernel_shape", w.size(2), w.size(3)), attr("strides", s[0], s[1]),
                        attr("pads", pad[0], pad[1], pad[0], pad[1]), attr("dilations", d[0], d[1]), attr("group", c.groups()));
            }
            case Linear l -> {
                if (x.value().dim() != 2) throw new OnnxUnsupportedException("Linear: only (N, in) inputs are exported");
                List<String> inputs = l.bias() == null ? List.of(in, g.tensor(p + "weight", l.weight().data()))
                        : List.of(in, g.tensor(p + "weight", l.weight().data()), g.tensor(p + "bias", l.bias().data()));
                yield g.node("Gemm", inputs, attr("transB", 1));
            }
            case MaxPool2d mp -> g.node("MaxPool", List.of(in), attr("kernel_shape", mp.kernel(), mp.kernel()),
                    attr("strides", mp.stride(), mp.stride()), attr("pads", mp.padding(), mp.padding(), mp.padding(), mp.padding()),
                    attr("ceil_mode", mp.ceilMode() ? 1 : 0));
            case AvgPool2d ap -> g.node("AveragePool", List.of(in), attr("kernel_shape", ap.kernel(), ap.kernel()),
                    attr("strides", ap.stride(), ap.stride()), attr("pads", ap.padding(), ap.padding(), ap.padding(), ap.padding()),
                    attr("ceil_mode", ap.ceilMode() ? 1 : 0), attr("count_include_pad", ap.countIncludePad() ? 1 : 0));
            case AdaptiveAvgPool2d a -> adaptive(g, a, x);
            case BatchNorm1d b -> batchNorm(g, p, in, b.weight(), b.bias(), b.runningMean(), b.runningVar(), b.eps());
            case BatchNorm2d b -> batchNorm(g, p, in, b.weight(), b.bias(), b.runningMean(), b.runningVar(), b.eps());
            case LocalResponseNorm n -> g.node("LRN", List.of(in), attr("size", n.size()), attr("alpha", (float) n.alpha()),
                    attr("beta", (float) n.beta()), attr("bias", (float) n.k()));
            case ReLU r -> g.node("Relu", List.of(in));
            case Sigmoid s -> g.node("Sigmoid", List.of(in));
            case Tanh t -> g.node("Tanh", List.of(in));
            case LeakyReLU l -> g.node("LeakyRelu", List.of(in), attr("alpha", l.slope()));
            case ELU e -> g.node("Elu", List.of(in), attr("alpha", e.alpha()));
            case PReLU pr -> {
                var w = pr.weight().data();
                int rank = x.value().dim();
                int[] shape = new int[Math.max(rank - 1, 1)];
                java.util.Arrays.fill(shape, 1);
                shape[0] = w.numel();
                yield g.node("PRelu", List.of(in, g.tensor(p + "weight", w.numel() == 1 ? w : w.reshape(shape))));
            }
            case Softmax s -> g.node("Softmax", List.of(in), attr("axis", s.dim()));
            case LogSoftmax s -> g.node("LogSoftmax", List.of(in), attr("axis", s.dim()));
            case Flatten f -> f.startDim() == 1 ? g.node("Flatten", List.of(in), attr("axis", 1))
                    : g.node("Reshape", List.of(in, g.int64(java.util.Arrays.stream(y.shape()).asLongStream().toArray())));
            case Dropout d -> g.node("Identity", List.of(in));
            case Dropout2d d -> g.node("Identity", List.of(in));
            case Identity i -> g.node("Identity", List.of(in));
            case ZeroPadShortcut z -> {
                String s = z.stride() == 1 ? in : g.node("Slice", List.of(in, g.int64(0, 0), g.int64(Long.MAX_VALUE, Long.MAX_VALUE),
                        g.int64(2, 3), g.int64(z.stride(), z.stride())));
                int before = (z.out() - z.in()) / 2, after = z.out() - z.in() - before;
                yield g.node("Pad", List.of(s, g.int64(0, before, 0, 0, 0, after, 0, 0)), attr("mode", "constant"));
            }
            case RNNBase r -> RecurrentExport.emit(g, r, p, in, x.value());
            default -> throw new OnnxUnsupportedException("cannot export layer " + m.getClass().getName());
        };
    }

    private static String batchNorm(GraphBuilder g, String p, String in, Variable w, Variable b, org.fovea.tensor.Tensor mean,
                                    org.fovea.tensor.Tensor var, double eps) {
        return g.node("BatchNormalization", List.of(in, g.tensor(p + "weight", w.data()), g.tensor(p + "bias", b.data()),
                g.tensor(p + "running_mean", mean), g.tensor(p + "running_var", var)), attr("epsilon", (float) eps));
    }

    /**
     * Global pooling for 1×1, windows of H/out when the size divides, else one Slice + ReduceMean per output
     * cell over rows ⌊i·H/out⌋ … ⌈(i+1)·H/out⌉ (the layer's own definition), concatenated.
     */
    private static String adaptive(GraphBuilder g, AdaptiveAvgPool2d a, OnnxExporter.Traced x) {
        int[] out = a.outputSize();
        int h = x.value().size(2), w = x.value().size(3);
        if (out[0] == 1 && out[1] == 1) return g.node("GlobalAveragePool", List.of(x.name()));
        if (h % out[0] == 0 && w % out[1] == 0) {
            return g.node("AveragePool", List.of(x.name()), attr("kernel_shape", h / out[0], w / out[1]), attr("strides", h / out[0], w / out[1]));
        }
        String axes = g.int64(2, 3);
        List<String> rows = new java.util.ArrayList<>();
        for (int i = 0; i < out[0]; i++) {
            List<String> cells = new java.util.ArrayList<>();
            for (int j = 0; j < out[1]; j++) {
                long y0 = (long) i * h / out[0], y1 = Math.ceilDiv((i + 1) * h, out[0]);
                long x0 = (long) j * w / out[1], x1 = Math.ceilDiv((j + 1) * w, out[1]);
                String cell = g.node("Slice", List.of(x.name(), g.int64(y0, x0), g.int64(y1, x1), axes));
                cells.add(g.node("ReduceMean", List.of(cell), attr("axes", 2, 3), attr("keepdims", 1)));
            }
            rows.add(g.node("Concat", cells, attr("axis", 3)));
        }
        return g.node("Concat", rows, attr("axis", 2));
    }
}

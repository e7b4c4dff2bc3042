package org.fovea.onnx;

import static org.fovea.onnx.GraphBuilder.attr;

import java.util.List;
import java.util.SplittableRandom;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.fovea.tensor.Tensor;

/** A small hand-built ONNX model using many of the supported operators (the fuzz test's seed, 1×1×8×8 input). */
final class TestModels {
    private TestModels() {}

    static ModelProto small() {
        SplittableRandom rng = new SplittableRandom(5);
        GraphBuilder g = new GraphBuilder();
        String x = "x";
        String c = g.node("Conv", List.of(x, g.tensor("conv.weight", Tensor.randn(rng, 2, 1, 3, 3)), g.tensor("conv.bias", Tensor.randn(rng, 2))),
                attr("kernel_shape", 3, 3), attr("pads", 1, 1, 1, 1));
        String bn = g.node("BatchNormalization", List.of(c, g.tensor("bn.weight", Tensor.ones(2)), g.tensor("bn.bias", Tensor.zeros(2)),
                g.tensor("bn.running_mean", Tensor.zeros(2)), g.tensor("bn.running_var", Tensor.ones(2))), attr("epsilon", 1e-5f));
        String r = g.node("Relu", List.of(bn));
        String lrn = g.node("LRN", List.of(r), attr("size", 3), attr("alpha", 1e-4f), attr("beta", 0.75f), attr("bias", 1f));
        String mp = g.node("MaxPool", List.of(lrn), attr("kernel_shape", 2, 2), attr("strides", 2, 2));
        String pad = g.node("Pad", List.of(mp, g.int64(0, 0, 1, 1, 0, 0, 1, 1)), attr("mode", "reflect"));
        String ap = g.node("AveragePool", List.of(pad), attr("kernel_shape", 3, 3), attr("pads", 0, 0, 1, 1));
        String sl = g.node("Slice", List.of(ap, g.int64(0), g.int64(4), g.int64(3), g.int64(1)));
        String tr = g.node("Transpose", List.of(sl), attr("perm", 0, 1, 3, 2));
        String shape = g.node("Shape", List.of(tr));
        String n = g.node("Gather", List.of(shape, g.int64(0)), attr("axis", 0));
        String n1 = g.node("Unsqueeze", List.of(g.node("Squeeze", List.of(n, g.int64(0))), g.int64(0)));
        String target = g.node("Concat", List.of(n1, g.int64(-1)), attr("axis", 0));
        String flat = g.node("Reshape", List.of(tr, target));
        String fc = g.node("Gemm", List.of(flat, g.tensor("fc.weight", Tensor.randn(rng, 4, 40)), g.tensor("fc.bias", Tensor.randn(rng, 4))),
                attr("transB", 1));
        String clip = g.node("Clip", List.of(fc, g.tensor("clip.min", Tensor.scalar(-3f)), g.tensor("clip.max", Tensor.scalar(3f))));
        String seq = g.node("Reshape", List.of(clip, g.int64(1, 1, 4)));
        List<String> lstm = g.node("LSTM", List.of(seq, g.tensor("lstm.W", Tensor.randn(rng, 1, 12, 4)), g.tensor("lstm.R", Tensor.randn(rng, 1, 12, 3)),
                g.tensor("lstm.B", Tensor.randn(rng, 1, 24))), 2, attr("hidden_size", 3));
        String y = g.node("Flatten", List.of(lstm.get(0)), attr("axis", 1));
        String gru = g.node("GRU", List.of(seq, g.tensor("gru.W", Tensor.randn(rng, 1, 9, 4)), g.tensor("gru.R", Tensor.randn(rng, 1, 9, 3))), 1,
                attr("hidden_size", 3)).get(0);
        String both = g.node("Concat", List.of(y, g.node("Flatten", List.of(gru), attr("axis", 1))), attr("axis", 1));
        String mean = g.node("ReduceMean", List.of(both), attr("axes", new long[] {1}), attr("keepdims", 1));
        String centred = g.node("Sub", List.of(both, mean));
        String drop = g.node("Dropout", List.of(g.node("Mul", List.of(centred, g.tensor("scale", Tensor.full(2f, 6))))));
        String out = g.node("LogSoftmax", List.of(g.node("Sigmoid", List.of(drop))), attr("axis", 1));
        GraphProto graph = GraphProto.newBuilder().setName("small").addAllNode(g.nodes).addAllInitializer(g.initializers)
                .addInput(info("x", 1, 1, 8, 8)).addOutput(info(out, 1, 6)).build();
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(graph).build();
    }

    static ValueInfoProto info(String name, int... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int d : dims) s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }
}

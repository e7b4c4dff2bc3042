package org.fovea.onnx;

import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.fovea.tensor.Tensor;

/** Collects the nodes and initializers of a graph being exported; value names are generated ("t0", "t1" …). */
final class GraphBuilder {
    final List<NodeProto> nodes = new ArrayList<>();
    final List<TensorProto> initializers = new ArrayList<>();
    private int next;

    /** Adds a node with one output and returns the output's name; attrs are built with {@link #attr}. */
    String node(String op, List<String> inputs, AttributeProto... attrs) {
        String out = "t" + next++;
        nodes.add(NodeProto.newBuilder().setOpType(op).setName(op + "_" + nodes.size()).addAllInput(inputs).addOutput(out)
                .addAllAttribute(List.of(attrs)).build());
        return out;
    }

    /** Adds a node with several outputs ("" for an omitted one) and returns their names. */
    List<String> node(String op, List<String> inputs, int outputs, AttributeProto... attrs) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < outputs; i++) names.add("t" + next++);
        nodes.add(NodeProto.newBuilder().setOpType(op).setName(op + "_" + nodes.size()).addAllInput(inputs).addAllOutput(names)
                .addAllAttribute(List.of(attrs)).build());
        return names;
    }

    /** Adds a float initializer under the given name and returns the name. */
    String tensor(String name, Tensor t) {
        initializers.add(Tensors.write(name, t));
        return name;
    }

    /** Adds an int64 initializer (a shape, axes or pads) with a generated name. */
    String int64(long... values) {
        String name = "c" + next++;
        initializers.add(Tensors.writeInt64(name, values, values.length));
        return name;
    }

    static AttributeProto attr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    static AttributeProto attr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    static AttributeProto attr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(v)).build();
    }

    static AttributeProto attr(String name, long... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) b.addInts(x);
        return b.build();
    }
}

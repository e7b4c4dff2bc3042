package org.fovea.onnx;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;

/** One node of a graph as an op implementation sees it: its attributes (typed, checked), the opset, a name for errors. */
final class Node {
    final NodeProto proto;
    final int opset;
    final String label;
    private final Map<String, AttributeProto> attrs = new LinkedHashMap<>();

    Node(NodeProto proto, int opset) {
        this.proto = proto;
        this.opset = opset;
        this.label = "node '" + (proto.getName().isEmpty() ? proto.getOutputCount() > 0 ? proto.getOutput(0) : "?" : proto.getName())
                + "' (" + proto.getOpType() + ")";
        for (AttributeProto a : proto.getAttributeList()) attrs.put(a.getName(), a);
    }

    String op() { return proto.getOpType(); }

    boolean has(String name) { return attrs.containsKey(name); }

    long i(String name, long fallback) {
        AttributeProto a = attrs.get(name);
        if (a == null) return fallback;
        if (a.getType() != AttributeProto.AttributeType.INT && !a.hasI()) throw type(name, "an integer");
        return a.getI();
    }

    int int32(String name, long fallback) {
        long v = i(name, fallback);
        if (v != (int) v) throw fail("attribute '" + name + "' = " + v + " is out of range");
        return (int) v;
    }

    float f(String name, float fallback) {
        AttributeProto a = attrs.get(name);
        if (a == null) return fallback;
        if (a.getType() != AttributeProto.AttributeType.FLOAT && !a.hasF()) throw type(name, "a float");
        return a.getF();
    }

    String s(String name, String fallback) {
        AttributeProto a = attrs.get(name);
        if (a == null) return fallback;
        if (a.getType() != AttributeProto.AttributeType.STRING && !a.hasS()) throw type(name, "a string");
        return a.getS().toStringUtf8();
    }

    long[] ints(String name) {
        AttributeProto a = attrs.get(name);
        if (a == null) return null;
        if (a.getType() != AttributeProto.AttributeType.INTS && a.getIntsCount() == 0) throw type(name, "a list of integers");
        if (a.getIntsCount() > Limits.MAX_RANK * 4) throw fail("attribute '" + name + "' has " + a.getIntsCount() + " values");
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** An integer-list attribute as ints, each checked to be within [min, max]. */
    int[] ints(String name, int[] fallback, long min, long max) {
        long[] v = ints(name);
        if (v == null) return fallback;
        int[] out = new int[v.length];
        for (int k = 0; k < v.length; k++) {
            if (v[k] < min || v[k] > max) throw fail("attribute '" + name + "' = " + Arrays.toString(v) + " has values outside [" + min + ", " + max + "]");
            out[k] = (int) v[k];
        }
        return out;
    }

    float[] floats(String name) {
        AttributeProto a = attrs.get(name);
        if (a == null) return null;
        float[] out = new float[a.getFloatsCount()];
        for (int k = 0; k < out.length; k++) out[k] = a.getFloats(k);
        return out;
    }

    TensorProto t(String name) {
        AttributeProto a = attrs.get(name);
        if (a == null) return null;
        if (!a.hasT()) throw type(name, "a tensor");
        return a.getT();
    }

    private OnnxFormatException type(String name, String what) { return fail("attribute '" + name + "' must be " + what); }

    OnnxFormatException fail(String message) { return new OnnxFormatException(label + ": " + message); }

    OnnxUnsupportedException unsupported(String message) { return new OnnxUnsupportedException(label + ": " + message); }

    /** An axis attribute or value normalised to [0, rank), negative counting from the end. */
    int axis(long axis, int rank) {
        if (axis < -rank || axis >= Math.max(rank, 1)) throw fail("axis " + axis + " is out of range for rank " + rank);
        return (int) (axis < 0 ? axis + rank : axis);
    }
}

package org.fovea.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import onnx.Onnx.ModelProto;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * An imported ONNX graph as a trainable Fovea model: the graph's float initializers are parameters (BatchNorm
 * running statistics are buffers), registered under their ONNX names split at the dots, so a model exported
 * from PyTorch has PyTorch's state-dict names ("features.0.weight"). {@link #forward} executes the nodes in
 * order with autograd variables; {@link #train()} makes BatchNormalization use batch statistics (updating the
 * running ones) and Dropout drop. Build one with {@link OnnxImporter}.
 * Shape: as the graph's first input → its first output.
 */
public final class OnnxModel extends ParamTree {
    /** A graph input that the caller provides, with its declared dims (-1 where symbolic or unknown). */
    public record Input(String name, int elemType, long[] dims) {}

    private final ModelProto proto;
    private final List<Node> nodes;
    private final List<Op> ops;
    private final List<Input> inputs;
    private final List<String> outputs;
    private final Map<String, Value> constants;
    private final Map<String, Variable> initializerVariables = new LinkedHashMap<>();
    private final RandomGenerator rng;

    OnnxModel(ModelProto proto, List<Node> nodes, List<Op> ops, List<Input> inputs, List<String> outputs,
              Map<String, Value> initializers, java.util.Set<String> bufferNames, RandomGenerator rng) {
        this.proto = proto;
        this.nodes = List.copyOf(nodes);
        this.ops = List.copyOf(ops);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.rng = rng;
        this.constants = new LinkedHashMap<>();
        for (var e : initializers.entrySet()) {
            if (e.getValue() instanceof Value.Floats f) {
                Tensor t = f.v().data();
                initializerVariables.put(e.getKey(), add(e.getKey(), t, bufferNames.contains(e.getKey())));
            } else {
                constants.put(e.getKey(), e.getValue());
            }
        }
    }

    /** The graph's inputs that a caller provides (initializers excluded). */
    public List<Input> inputs() { return inputs; }

    /** The graph's output names. */
    public List<String> outputs() { return outputs; }

    /** The parsed file this model came from (weights as imported, not as trained since). */
    public ModelProto proto() { return proto; }

    /** The ONNX initializer names, each with the variable that now holds its value (a parameter or a buffer). */
    public Map<String, Variable> initializers() { return java.util.Collections.unmodifiableMap(initializerVariables); }

    /** Runs the graph on its single input and returns its first output. */
    @Override
    public Variable forward(Variable x) {
        if (inputs.size() != 1) throw new OnnxFormatException("the graph has " + inputs.size() + " inputs; use run(Map) to provide them all");
        Value y = run(Map.of(inputs.get(0).name(), new Value.Floats(x))).values().iterator().next();
        if (y instanceof Value.Floats f) return f.v();
        throw new OnnxUnsupportedException("the graph's first output '" + outputs.get(0) + "' is integer data, not a float tensor");
    }

    /** Runs the graph on named inputs and returns every graph output by name. */
    public Map<String, Value> run(Map<String, Value> given) {
        Map<String, Value> env = new LinkedHashMap<>(constants);
        initializerVariables.forEach((k, v) -> env.put(k, new Value.Floats(v)));
        for (Input in : inputs) {
            Value v = given.get(in.name());
            if (v == null) throw new OnnxFormatException("missing graph input '" + in.name() + "' (inputs: " + inputs.stream().map(Input::name).toList() + ")");
            checkInput(in, v);
            env.put(in.name(), v);
        }
        Op.Context ctx = new Op.Context(isTraining(), rng);
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get(k);
            Value[] args = new Value[n.proto.getInputCount()];
            for (int i = 0; i < args.length; i++) {
                String name = n.proto.getInput(i);
                args[i] = name.isEmpty() ? null : env.get(name);
            }
            Value[] results;
            try {
                results = ops.get(k).run(n, args, ctx);
            } catch (OnnxException e) {
                throw e;
            } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException | ArithmeticException e) {
                // Fovea's layers reject inconsistent shapes with these; say which node of the file caused it.
                throw new OnnxFormatException(n.label + ": " + e.getMessage(), e);
            }
            if (visitor != null) visitor.visit(n.op(), n.proto.getName().isEmpty() ? n.proto.getOutput(0) : n.proto.getName(), n.proto.getInputList(), results);
            for (int i = 0; i < n.proto.getOutputCount(); i++) {
                String name = n.proto.getOutput(i);
                if (name.isEmpty()) continue;
                if (i >= results.length || results[i] == null) throw n.unsupported("output " + i + " ('" + name + "') is not supported");
                env.put(name, results[i]);
            }
        }
        Map<String, Value> out = new LinkedHashMap<>();
        for (String name : outputs) out.put(name, env.get(name));
        return out;
    }

    private static void checkInput(Input in, Value v) {
        int[] s = v.shape();
        boolean ok = in.dims() == null || s.length == in.dims().length;
        for (int d = 0; ok && in.dims() != null && d < s.length; d++) ok = in.dims()[d] < 0 || in.dims()[d] == s[d];
        if (!ok) {
            throw new OnnxFormatException("graph input '" + in.name() + "' expects shape " + Arrays.toString(in.dims())
                    + " (-1: any), got " + Arrays.toString(s));
        }
        if (Tensors.isFloat(in.elemType()) != (v instanceof Value.Floats)) {
            throw new OnnxFormatException("graph input '" + in.name() + "' expects " + Tensors.typeName(in.elemType()) + " data");
        }
    }

    /** The model as ONNX again: the imported file with every float initializer replaced by its current value. */
    public ModelProto toProto() {
        ModelProto.Builder m = proto.toBuilder();
        var g = m.getGraphBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            Variable v = initializerVariables.get(g.getInitializer(i).getName());
            if (v != null) g.setInitializer(i, Tensors.write(g.getInitializer(i).getName(), v.data()));
        }
        return m.build();
    }

    /** Runs the graph and calls {@code visitor} after each node with the node's op type, name and outputs. */
    public Map<String, Value> run(Map<String, Value> given, NodeVisitor visitor) {
        this.visitor = visitor;
        try {
            return run(given);
        } finally {
            this.visitor = null;
        }
    }

    /** Sees each node's results during {@link #run(Map, NodeVisitor)}. */
    @FunctionalInterface
    public interface NodeVisitor {
        void visit(String opType, String name, List<String> inputs, Value[] outputs);
    }

    private NodeVisitor visitor;

    /** The nodes' operator types in graph order (for summaries). */
    public List<String> opTypes() {
        List<String> out = new ArrayList<>();
        for (Node n : nodes) out.add(n.op());
        return out;
    }

    @Override
    protected String extraRepr() { return nodes.size() + " nodes, " + inputs.size() + " input(s), " + outputs.size() + " output(s)"; }
}

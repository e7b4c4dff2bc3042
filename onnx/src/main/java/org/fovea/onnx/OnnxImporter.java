package org.fovea.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Reads ONNX files (opsets {@value #MIN_OPSET}–{@value #MAX_OPSET} of the default domain) into trainable
 * {@link OnnxModel}s. Everything is checked up front: the protobuf, the opset, that every operator is
 * supported (all unsupported ones are listed in one error), that every tensor a node reads is provided by
 * an initializer, a graph input or an earlier node, and that each initializer holds as many values as its
 * dims say. Errors are {@link OnnxException}s.
 */
public final class OnnxImporter {
    public static final int MIN_OPSET = 6;
    public static final int MAX_OPSET = 17;
    private static final Map<String, Op> OPS = registry();

    private OnnxImporter() {}

    private static Map<String, Op> registry() {
        Map<String, Op> ops = new HashMap<>();
        NnOps.register(ops);
        TensorOps.register(ops);
        RecurrentOps.register(ops);
        return Map.copyOf(ops);
    }

    /** The operator types that can be imported, sorted. */
    public static Set<String> supportedOps() { return new TreeSet<>(OPS.keySet()); }

    public static OnnxModel read(Path file) throws IOException { return read(file, RandomGenerator.of("L64X128MixRandom")); }

    /** Reads a model; {@code rng} drives Dropout when the model trains. */
    public static OnnxModel read(Path file, RandomGenerator rng) throws IOException {
        if (!Files.isRegularFile(file)) throw new java.io.FileNotFoundException(file + ": no such ONNX file");
        long size = Files.size(file);
        if (size > Limits.MAX_FILE_BYTES) throw new OnnxFormatException(file + ": " + size + " bytes is larger than an ONNX protobuf can be");
        return load(parse(Files.readAllBytes(file)), rng);
    }

    /** Parses the protobuf alone (no checks beyond the wire format). */
    public static ModelProto parse(byte[] bytes) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(64);
            ModelProto m = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
            return m;
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxFormatException("not a valid ONNX protobuf: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new OnnxFormatException("not a valid ONNX protobuf: " + e.getMessage(), e);
        }
    }

    /** Checks a parsed model and builds the Fovea model that runs it. */
    public static OnnxModel load(ModelProto model, RandomGenerator rng) {
        if (!model.hasGraph()) throw new OnnxFormatException("the model has no graph");
        if (model.getIrVersion() < 3) throw new OnnxUnsupportedException("IR version " + model.getIrVersion() + " is not supported (3 or later)");
        GraphProto g = model.getGraph();
        checkOps(g);
        int opset = opset(model);
        if (g.getSparseInitializerCount() > 0) throw new OnnxUnsupportedException("sparse initializers are not supported");
        Map<String, Value> initializers = new LinkedHashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            if (t.getName().isEmpty()) throw new OnnxFormatException("an initializer has no name");
            if (initializers.put(t.getName(), Tensors.read(t, "initializer '" + t.getName() + "'")) != null) {
                throw new OnnxFormatException("initializer '" + t.getName() + "' is defined twice");
            }
        }
        List<OnnxModel.Input> inputs = new ArrayList<>();
        Set<String> known = new HashSet<>(initializers.keySet());
        for (ValueInfoProto v : g.getInputList()) {
            if (initializers.containsKey(v.getName())) continue;
            if (v.getName().isEmpty()) throw new OnnxFormatException("a graph input has no name");
            inputs.add(input(v));
            if (!known.add(v.getName())) throw new OnnxFormatException("graph input '" + v.getName() + "' is defined twice");
        }
        List<Node> nodes = new ArrayList<>();
        List<Op> ops = new ArrayList<>();
        Set<String> buffers = new HashSet<>();
        for (NodeProto p : g.getNodeList()) {
            Node n = new Node(p, opset);
            for (String in : p.getInputList()) {
                if (!in.isEmpty() && !known.contains(in)) {
                    throw n.fail("reads '" + in + "', which no initializer, graph input or earlier node provides (missing initializer, or nodes out of order)");
                }
            }
            for (String out : p.getOutputList()) {
                if (!out.isEmpty() && !known.add(out)) throw n.fail("output '" + out + "' is already defined");
            }
            if (p.getOpType().equals("BatchNormalization")) {
                for (int i = 3; i < Math.min(5, p.getInputCount()); i++) buffers.add(p.getInput(i));
            }
            nodes.add(n);
            ops.add(OPS.get(p.getOpType()));
        }
        List<String> outputs = new ArrayList<>();
        for (ValueInfoProto v : g.getOutputList()) {
            if (!known.contains(v.getName())) throw new OnnxFormatException("graph output '" + v.getName() + "' is not computed by any node");
            outputs.add(v.getName());
        }
        if (outputs.isEmpty()) throw new OnnxFormatException("the graph has no outputs");
        return new OnnxModel(model, nodes, ops, inputs, outputs, initializers, buffers, rng);
    }

    private static int opset(ModelProto model) {
        long opset = -1;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) opset = o.getVersion();
        }
        if (opset < 0) throw new OnnxFormatException("the model imports no opset of the default ONNX domain");
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new OnnxUnsupportedException("opset " + opset + " is not supported (" + MIN_OPSET + " to " + MAX_OPSET + ")");
        }
        return (int) opset;
    }

    /** Fails listing every operator of the graph that cannot be imported. */
    private static void checkOps(GraphProto g) {
        Set<String> missing = new TreeSet<>();
        for (NodeProto n : g.getNodeList()) {
            String domain = n.getDomain();
            if (!domain.isEmpty() && !domain.equals("ai.onnx")) missing.add(domain + "::" + n.getOpType());
            else if (!OPS.containsKey(n.getOpType())) missing.add(n.getOpType());
        }
        if (!missing.isEmpty()) {
            throw new OnnxUnsupportedException("unsupported operators: " + String.join(", ", missing) + " (supported: " + String.join(", ", supportedOps()) + ")");
        }
    }

    private static OnnxModel.Input input(ValueInfoProto v) {
        if (!v.getType().hasTensorType()) throw new OnnxUnsupportedException("graph input '" + v.getName() + "' is not a tensor");
        var tt = v.getType().getTensorType();
        int type = tt.getElemType();
        if (!Tensors.isSupported(type)) throw new OnnxUnsupportedException("graph input '" + v.getName() + "': element type " + Tensors.typeName(type) + " is not supported");
        if (!tt.hasShape()) return new OnnxModel.Input(v.getName(), type, null);
        List<TensorShapeProto.Dimension> dims = tt.getShape().getDimList();
        if (dims.size() > Limits.MAX_RANK) throw new OnnxUnsupportedException("graph input '" + v.getName() + "' has rank " + dims.size());
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) d[i] = dims.get(i).hasDimValue() ? dims.get(i).getDimValue() : -1;
        return new OnnxModel.Input(v.getName(), type, d);
    }
}

package org.fovea.onnx;

import static org.fovea.onnx.GraphBuilder.attr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.io.AtomicFiles;
import org.fovea.nn.*;
import org.fovea.nn.Module;
import org.fovea.rnn.RNNBase;
import org.fovea.tensor.Tensor;
import org.fovea.zoo.ZeroPadShortcut;

/**
 * Writes a Fovea model as ONNX (opset {@value #OPSET}, IR version 8) for inference: the model is walked
 * module by module while an example input runs through it (in evaluation mode), so each node knows its
 * input's shape. Initializers keep the model's state-dict names, so importing the file back gives the same
 * names. The batch dimension is symbolic ("N"). Layers without an ONNX mapping are listed all at once in an
 * {@link OnnxUnsupportedException}. Recurrent layers ({@link RecurrentExport}) take (N, T, D) input.
 */
public final class OnnxExporter {
    public static final int OPSET = 17;

    private OnnxExporter() {}

    /** Exports {@code model} for inputs of shape {@code inputShape} (batch first; any batch size works in the file). */
    public static ModelProto export(Module model, int... inputShape) {
        if (model instanceof OnnxModel imported) return imported.toProto();
        Set<String> unsupported = new TreeSet<>();
        collectUnsupported(model, unsupported);
        if (!unsupported.isEmpty()) throw new OnnxUnsupportedException("cannot export layers: " + String.join(", ", unsupported));
        boolean wasTraining = model.isTraining();
        model.eval();
        GraphBuilder g = new GraphBuilder();
        Traced out;
        try (var scope = GradMode.noGrad()) {
            out = emit(g, model, "", new Traced("input", Variable.of(Tensor.zeros(inputShape))));
        } finally {
            model.train(wasTraining);
        }
        GraphProto graph = GraphProto.newBuilder().setName(model.getClass().getSimpleName())
                .addAllNode(g.nodes).addAllInitializer(g.initializers)
                .addInput(valueInfo("input", inputShape)).addOutput(valueInfo(out.name(), out.value().shape()))
                .build();
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("fovea").setProducerVersion("0.1.0")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(graph).build();
    }

    /** Exports to a file, written atomically. */
    public static void write(Module model, Path file, int... inputShape) throws IOException {
        byte[] bytes = export(model, inputShape).toByteArray();
        AtomicFiles.write(file, ch -> {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
        });
    }

    private static ValueInfoProto valueInfo(String name, int[] shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int d = 0; d < shape.length; d++) {
            s.addDim(d == 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N") : TensorShapeProto.Dimension.newBuilder().setDimValue(shape[d]));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    /** A value of the graph being built: its name, and the value the example input gives it. */
    record Traced(String name, Variable value) {}

    private static boolean isContainer(Module m) { return m instanceof Sequential || m instanceof Residual || m instanceof Concat; }

    private static void collectUnsupported(Module m, Set<String> out) {
        if (isContainer(m)) {
            for (Module c : containerChildren(m)) collectUnsupported(c, out);
            return;
        }
        boolean ok = m instanceof Conv2d || m instanceof Linear || m instanceof MaxPool2d || m instanceof AvgPool2d
                || m instanceof AdaptiveAvgPool2d || m instanceof BatchNorm1d || m instanceof BatchNorm2d || m instanceof LocalResponseNorm
                || m instanceof ReLU || m instanceof Sigmoid || m instanceof Tanh || m instanceof LeakyReLU || m instanceof ELU
                || m instanceof PReLU || m instanceof Softmax || m instanceof LogSoftmax || m instanceof Flatten || m instanceof Dropout
                || m instanceof Dropout2d || m instanceof Identity || m instanceof ZeroPadShortcut || m instanceof RNNBase;
        if (!ok) out.add(m.getClass().getName());
    }

    /** The children a container runs (a Sequential's layers: GoogLeNet's auxiliary heads are not part of forward). */
    private static List<Module> containerChildren(Module m) {
        if (m instanceof Sequential s) return s.layers();
        return new ArrayList<>(m.children().values());
    }

    private static String join(String prefix, String name) { return prefix.isEmpty() ? name : prefix + "." + name; }

    private static Traced emit(GraphBuilder g, Module m, String prefix, Traced x) {
        if (m instanceof Sequential s) {
            for (int i = 0; i < s.size(); i++) x = emit(g, s.get(i), join(prefix, Integer.toString(i)), x);
            return x;
        }
        if (m instanceof Residual) {
            Map<String, Module> c = m.children();
            Traced a = emit(g, c.get("body"), join(prefix, "body"), x);
            Traced b = emit(g, c.get("shortcut"), join(prefix, "shortcut"), x);
            return new Traced(g.node("Add", List.of(a.name(), b.name())), a.value().add(b.value()));
        }
        if (m instanceof Concat) {
            List<String> names = new ArrayList<>();
            List<Variable> values = new ArrayList<>();
            for (var e : m.children().entrySet()) {
                Traced t = emit(g, e.getValue(), join(prefix, e.getKey()), x);
                names.add(t.name());
                values.add(t.value());
            }
            return new Traced(g.node("Concat", names, attr("axis", 1)), Variable.concat(1, values.toArray(Variable[]::new)));
        }
        Variable y = m.forward(x.value());
        return new Traced(LayerExport.emit(g, m, prefix, x, y), y);
    }
}

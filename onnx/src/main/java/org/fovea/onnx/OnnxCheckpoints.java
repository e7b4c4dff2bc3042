package org.fovea.onnx;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;
import org.fovea.data.Normalization;
import org.fovea.io.Checkpoint;
import org.fovea.tensor.Tensor;

/**
 * An imported model as a Fovea checkpoint: the weights as safetensors under their state-dict names, and the
 * graph (the ONNX file without its float weights) base64-encoded in the metadata under {@value #GRAPH_KEY},
 * with {@code "model": "onnx"}. So {@code fovea predict}, {@code eval} and fine-tuning read it like any
 * checkpoint, and {@code fovea onnx export} writes it back as ONNX.
 */
public final class OnnxCheckpoints {
    public static final String MODEL_NAME = "onnx";
    public static final String GRAPH_KEY = "onnx_graph";

    private OnnxCheckpoints() {}

    /** The checkpoint of an imported model, with the normalisation and class names to use it with. */
    public static Checkpoint of(OnnxModel model, Normalization normalization, List<String> classNames) {
        ModelProto.Builder stripped = model.proto().toBuilder();
        var g = stripped.getGraphBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (model.initializers().containsKey(g.getInitializer(i).getName())) {
                g.setInitializer(i, g.getInitializer(i).toBuilder().clearRawData().clearFloatData().clearDoubleData().clearInt32Data()
                        .setDataType(TensorProto.DataType.FLOAT_VALUE));
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(Checkpoint.MODEL_NAME, MODEL_NAME);
        meta.put(Checkpoint.MODEL_CONFIG, config(model, classNames.size()));
        meta.put(GRAPH_KEY, Base64.getEncoder().encodeToString(stripped.build().toByteArray()));
        meta.put(Checkpoint.NORMALIZATION, normalization.toMap());
        meta.put(Checkpoint.CLASS_NAMES, classNames);
        return new Checkpoint(model.stateDict(), Map.of(), meta);
    }

    /** "channels", "size" and "classes" when the graph takes one (N, C, H, H) image input. */
    public static Map<String, Object> config(OnnxModel model, int classes) {
        Map<String, Object> config = new LinkedHashMap<>();
        long[] dims = model.inputs().size() == 1 ? model.inputs().get(0).dims() : null;
        if (dims != null && dims.length == 4 && dims[1] > 0 && dims[2] > 0 && dims[2] == dims[3]) {
            config.put("channels", (int) dims[1]);
            config.put("size", (int) dims[2]);
        }
        config.put("classes", classes);
        return config;
    }

    /** Rebuilds the model of a checkpoint written by {@link #of}; the weights are loaded strictly. */
    public static OnnxModel model(Checkpoint checkpoint, RandomGenerator rng) {
        if (!(checkpoint.metadata().get(GRAPH_KEY) instanceof String encoded)) {
            throw new OnnxFormatException("the checkpoint has no \"" + GRAPH_KEY + "\" graph");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException("the checkpoint's graph is not valid base64", e);
        }
        ModelProto.Builder proto = OnnxImporter.parse(bytes).toBuilder();
        var g = proto.getGraphBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            if (t.getDataType() == TensorProto.DataType.FLOAT_VALUE && !t.hasRawData() && t.getFloatDataCount() == 0) {
                long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
                g.setInitializer(i, Tensors.write(t.getName(), Tensor.zeros(Limits.dims(dims, "initializer '" + t.getName() + "'"))));
            }
        }
        OnnxModel model = OnnxImporter.load(proto.build(), rng);
        try {
            model.loadStateDict(checkpoint.model());
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException("the checkpoint's weights do not fit its graph: " + e.getMessage(), e);
        }
        return model;
    }
}

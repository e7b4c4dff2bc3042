package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.fovea.autograd.GradMode;
import org.fovea.data.Normalization;
import org.fovea.onnx.OnnxCheckpoints;
import org.fovea.onnx.OnnxImporter;
import org.fovea.onnx.OnnxModel;
import org.fovea.onnx.Value;
import org.fovea.tensor.Tensor;

/**
 * ONNX files where the command line takes a checkpoint or a model name: an .onnx file given to predict, eval
 * or viz is imported on the fly (no normalisation, classes numbered), and {@code fovea summary FILE.onnx}
 * lists its nodes.
 */
final class OnnxModels {
    private OnnxModels() {}

    static boolean isOnnx(String file) { return file.toLowerCase(Locale.ROOT).endsWith(".onnx"); }

    /** An .onnx file as a loaded model: input (1, C, H, H) from the graph, identity normalisation, classes "0", "1" … */
    static CheckpointModels.Loaded load(Path path) throws IOException {
        OnnxModel model = OnnxImporter.read(path, new SplittableRandom(0));
        model.eval();
        long[] dims = model.inputs().size() == 1 ? model.inputs().get(0).dims() : null;
        if (dims == null || dims.length != 4 || dims[1] < 1 || dims[2] < 1 || dims[2] != dims[3]) {
            throw new IllegalArgumentException(path + ": the graph's input must be square images (N, C, H, H) with fixed C and H; got "
                    + (dims == null ? "no single input shape" : Arrays.toString(dims)));
        }
        int c = (int) dims[1];
        int classes;
        try (var scope = GradMode.noGrad()) {
            classes = model.forward(Tensor.zeros(1, c, (int) dims[2], (int) dims[3])).numel();
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes; k++) names.add(Integer.toString(k));
        float[] zero = new float[c], one = new float[c];
        Arrays.fill(one, 1f);
        Map<String, Object> config = OnnxCheckpoints.config(model, classes);
        return new CheckpointModels.Loaded(path, OnnxCheckpoints.MODEL_NAME, config, model, new Normalization(new int[] {c, 1, 1}, zero, one),
                names, Map.of());
    }

    /** One row per node: output shape, parameters it reads first, activation bytes, multiply-accumulates (Conv, Gemm, MatMul). */
    static void summary(Path path, CommonOptions common) throws IOException {
        OnnxModel model = OnnxImporter.read(path, new SplittableRandom(common.seed));
        model.eval();
        Map<String, Value> inputs = new LinkedHashMap<>();
        for (OnnxModel.Input in : model.inputs()) {
            int[] shape = in.dims() == null ? new int[0] : Arrays.stream(in.dims()).mapToInt(d -> d < 0 ? 1 : (int) d).toArray();
            inputs.put(in.name(), Value.Floats.of(Tensor.zeros(shape)));
        }
        Set<String> counted = new HashSet<>();
        long[] total = new long[3];
        List<Map<String, Object>> rows = new ArrayList<>();
        try (var scope = GradMode.noGrad()) {
            model.run(inputs, (op, name, ins, outs) -> {
                long params = 0;
                long inner = 0;
                for (String in : ins) {
                    var v = model.initializers().get(in);
                    if (v != null && counted.add(in)) params += v.numel();
                }
                int[] shape = outs.length > 0 && outs[0] != null ? outs[0].shape() : new int[0];
                long numel = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
                var w = ins.size() > 1 ? model.initializers().get(ins.get(1)) : null;
                if (op.equals("Conv") && w != null) inner = w.numel() / Math.max(1, w.size(0));
                if ((op.equals("Gemm") || op.equals("MatMul")) && w != null) inner = w.numel() / Math.max(1, numel == 0 ? 1 : shape[shape.length - 1]);
                long macs = numel * inner;
                total[0] += params;
                total[1] += 4 * numel;
                total[2] += macs;
                rows.add(Json.object("name", name, "type", op, "output_shape", Arrays.stream(shape).boxed().toList(), "params", params,
                        "activations", 4 * numel, "macs", macs));
            });
        }
        rows.add(Json.object("name", "total", "type", "", "output_shape", List.of(), "params", total[0], "activations", total[1], "macs", total[2]));
        if (common.json) {
            for (Map<String, Object> r : rows) Json.print(System.out, r);
            return;
        }
        System.out.printf(Locale.ROOT, "%s (ONNX, %d nodes; activations in float32)%n", path, rows.size() - 1);
        String format = "%-24s %-18s %-18s %12s %12s %14s%n";
        System.out.printf(Locale.ROOT, format, "node", "type", "output", "params", "activations", "MACs");
        for (Map<String, Object> r : rows) {
            System.out.printf(Locale.ROOT, format, r.get("name"), r.get("type"), r.get("output_shape"), String.format(Locale.ROOT, "%,d", (Long) r.get("params")),
                    SummaryCommand.bytes((Long) r.get("activations")), String.format(Locale.ROOT, "%,d", (Long) r.get("macs")));
        }
    }
}

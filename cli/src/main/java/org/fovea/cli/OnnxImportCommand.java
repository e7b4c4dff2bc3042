package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.fovea.autograd.GradMode;
import org.fovea.data.Normalization;
import org.fovea.onnx.OnnxCheckpoints;
import org.fovea.onnx.OnnxImporter;
import org.fovea.onnx.OnnxModel;
import org.fovea.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fovea onnx import FILE.onnx --out CKPT}: checks the file, runs it once on zeros to find its output
 * size, and writes a checkpoint that predict, eval, viz and fine-tuning read ({@link OnnxCheckpoints}).
 */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Imports an ONNX model (opsets 6-17) as a Fovea checkpoint.")
final class OnnxImportCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Parameters(paramLabel = "FILE.onnx", description = "The ONNX model file.") Path file;
    @Option(names = "--out", required = true, description = "The checkpoint to write (.safetensors).") Path out;
    @Option(names = "--mean", split = ",", description = "Per-channel input mean, e.g. 0.485,0.456,0.406 (default 0).") float[] mean;
    @Option(names = "--std", split = ",", description = "Per-channel input standard deviation, e.g. 0.229,0.224,0.225 (default 1).") float[] std;
    @Option(names = "--labels", description = "A text file with one class name per line (default: the class numbers).") Path labels;

    @Override
    public Integer call() throws IOException {
        OnnxModel model = OnnxImporter.read(file, new SplittableRandom(common.seed));
        model.eval();
        if (model.inputs().size() != 1) throw new IllegalArgumentException(file + ": the graph has " + model.inputs().size() + " inputs; import needs one");
        long[] dims = model.inputs().get(0).dims();
        if (dims == null || dims.length != 4 || Arrays.stream(dims).skip(1).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(file + ": the graph's input must be an image batch (N, C, H, W) with fixed C, H, W; got "
                    + (dims == null ? "no shape" : Arrays.toString(dims)));
        }
        int c = (int) dims[1];
        Tensor zeros = Tensor.zeros(1, c, (int) dims[2], (int) dims[3]);
        int classes;
        try (var scope = GradMode.noGrad()) {
            classes = model.forward(zeros).numel();
        }
        List<String> names = new ArrayList<>();
        if (labels != null) names.addAll(Files.readAllLines(labels).stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        else for (int k = 0; k < classes; k++) names.add(Integer.toString(k));
        if (names.size() != classes) throw new IllegalArgumentException(labels + ": " + names.size() + " labels but the model has " + classes + " outputs");
        Normalization norm = new Normalization(new int[] {c, 1, 1}, channels("--mean", mean, c, 0f), channels("--std", std, c, 1f));
        OnnxCheckpoints.of(model, norm, names).save(out);
        if (common.json) {
            Json.print(System.out, Json.object("name", "onnx_import", "file", file.toString(), "out", out.toString(), "nodes", model.opTypes().size(),
                    "params", model.parameterCount(), "classes", classes));
        } else {
            System.out.printf("%s: %d nodes, %,d parameters, input %s, %d outputs → %s%n", file, model.opTypes().size(), model.parameterCount(),
                    Arrays.toString(dims), classes, out);
        }
        return 0;
    }

    private static float[] channels(String option, float[] given, int c, float fallback) {
        if (given == null) {
            float[] f = new float[c];
            Arrays.fill(f, fallback);
            return f;
        }
        if (given.length != c) throw new IllegalArgumentException(option + " needs " + c + " values (one per channel), got " + given.length);
        return given;
    }

}

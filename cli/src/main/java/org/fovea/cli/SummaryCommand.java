package org.fovea.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.fovea.nn.Module;
import org.fovea.nn.Summary;
import org.fovea.zoo.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fovea summary MODEL [--input CxHxW]}: one row per layer with its output shape, parameters,
 * activation memory (float32, one image) and multiply-accumulates, then the totals ({@link Summary}).
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Prints a model's layers: output shape, parameters, activation memory and MACs for one image.")
final class SummaryCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Parameters(paramLabel = "MODEL", description = "Model: ${COMPLETION-CANDIDATES}, or an .onnx file.", completionCandidates = TrainCommand.ModelNames.class)
    String model;
    @Option(names = "--input", paramLabel = "CxHxW", description = "Shape of one input image (default: the model's, e.g. 1x28x28 for lenet5, 3x224x224 for vgg16).")
    String input;
    @Option(names = "--classes", description = "Output classes (default: the model's, 10 or 1000).") Integer classes;
    @Option(names = "--hidden", description = "Hidden units of the mlp model (default ${DEFAULT-VALUE}).", defaultValue = "100") int hidden;

    @Override
    public Integer call() throws java.io.IOException {
        if (OnnxModels.isOnnx(model)) {
            OnnxModels.summary(java.nio.file.Path.of(model), common);
            return 0;
        }
        if (!Models.NAMES.contains(model)) {
            throw new IllegalArgumentException("unknown model '" + model + "'; known models: " + String.join(", ", Models.NAMES));
        }
        int[] shape = input == null ? Models.defaultInput(model) : parseInput(input);
        int classCount = classes == null ? Models.defaultClasses(model) : classes;
        if (classCount < 1 || hidden < 1) throw new IllegalArgumentException("--classes and --hidden must be at least 1");
        Map<String, Object> config = new LinkedHashMap<>(Map.of("channels", shape[0], "size", shape[1], "classes", classCount));
        if (model.equals("mlp")) config.put("hidden", hidden);
        Module net = Models.create(model, config, new SplittableRandom(common.seed));
        Summary summary = Summary.of(net, shape);
        if (common.json) {
            for (Summary.Layer l : summary.layers()) Json.print(System.out, json(l));
            Json.print(System.out, json(summary.total()));
        } else {
            print(summary);
        }
        return 0;
    }

    /** "CxHxW" with H = W (the zoo's models take square images). */
    static int[] parseInput(String text) {
        String[] p = text.toLowerCase(Locale.ROOT).split("[x×]");
        int[] shape = new int[p.length];
        try {
            if (p.length != 3) throw new NumberFormatException();
            for (int i = 0; i < 3; i++) shape[i] = Integer.parseInt(p[i].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--input wants CxHxW, e.g. 3x32x32, got \"" + text + "\"");
        }
        if (Arrays.stream(shape).anyMatch(s -> s < 1)) throw new IllegalArgumentException("--input sizes must be positive, got \"" + text + "\"");
        if (shape[1] != shape[2]) throw new IllegalArgumentException("--input: the models take square images (H = W), got " + text);
        return shape;
    }

    private static Map<String, Object> json(Summary.Layer l) {
        return Json.object("name", l.name(), "type", l.type(), "output_shape", Arrays.stream(l.outputShape()).boxed().toList(),
                "params", l.params(), "activations", l.activations(), "macs", l.macs());
    }

    private void print(Summary s) {
        System.out.printf(Locale.ROOT, "%s on a %s input (one image; activations in float32)%n", model, EvalCommand.shapeText(s.input()));
        String format = "%-8s %-12s %-14s %12s %12s %14s%n";
        System.out.printf(Locale.ROOT, format, "layer", "type", "output", "params", "activations", "MACs");
        List<Summary.Layer> rows = new java.util.ArrayList<>(s.layers());
        rows.add(s.total());
        for (Summary.Layer l : rows) {
            System.out.printf(Locale.ROOT, format, l.name(), l.type(), EvalCommand.shapeText(l.outputShape()),
                    String.format(Locale.ROOT, "%,d", l.params()), bytes(l.activations()), String.format(Locale.ROOT, "%,d", l.macs()));
        }
    }

    /** 18,816 → "18.4 KiB". */
    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
}

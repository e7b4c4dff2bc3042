package org.fovea.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fovea.data.DataSets;
import org.fovea.data.DataSource;
import org.fovea.data.Dataset;
import org.fovea.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea eval --checkpoint C [--data D] [--split test|train]}: loss, top-1 and top-5 accuracy,
 * per-class accuracy and the confusion matrix of a trained model on a data set's split, by default the
 * test split of the data set it was trained on, normalised as in training.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluates a checkpoint: loss, top-1/top-5 accuracy, per-class accuracy and the confusion matrix.")
final class EvalCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--checkpoint", required = true, description = "Checkpoint written by fovea train (e.g. runs/X/best.safetensors).")
    Path checkpoint;
    @Option(names = "--data", description = "Data set name or path (default: the one the checkpoint was trained on).") String data;
    @Option(names = "--data-dir", description = "Directory holding the data set's files.") Path dataDir;
    @Option(names = "--split", description = "Split to evaluate: test or train (default ${DEFAULT-VALUE}).", defaultValue = "test") String split;
    @Option(names = "--batch", description = "Images per forward pass (default ${DEFAULT-VALUE}).", defaultValue = "256") int batch;

    @Override
    public Integer call() throws IOException {
        if (!split.equals("test") && !split.equals("train")) throw new IllegalArgumentException("--split must be test or train, got \"" + split + "\"");
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        CheckpointModels.Loaded ckpt = CheckpointModels.load(checkpoint);
        String dataName = data != null ? data : ckpt.dataName();
        if (dataName == null) throw new IllegalArgumentException("the checkpoint " + checkpoint + " does not record its data set; name one with --data");
        DataSource source = DataSets.resolve(dataName, dataDir);
        System.err.println("data: " + source.description());
        Dataset set = source.split(split);
        checkFits(ckpt, set, dataName);
        Evaluation ev = Evaluation.of(ckpt.model(), set, batch, ckpt.normalization()::apply);
        if (common.json) printJson(ckpt, dataName, ev);
        else printTable(System.out, ckpt, dataName, ev);
        return 0;
    }

    /** The data's images and classes must be those the model takes. */
    private void checkFits(CheckpointModels.Loaded ckpt, Dataset set, String dataName) {
        int[] shape = set.imageShape();
        int[] wanted = {ckpt.channels(), ckpt.size(), ckpt.size()};
        if (!Arrays.equals(shape, wanted)) {
            throw new IllegalArgumentException("data " + dataName + " has " + shapeText(shape) + " images but the checkpoint's " + ckpt.name()
                    + " model takes " + shapeText(wanted));
        }
        if (set.classes().size() != ckpt.classNames().size()) {
            throw new IllegalArgumentException("data " + dataName + " has " + set.classes().size() + " classes but the checkpoint's model predicts "
                    + ckpt.classNames().size());
        }
        if (!set.classes().equals(ckpt.classNames())) {
            System.err.println("note: the data's class names " + set.classes() + " differ from the checkpoint's; showing the checkpoint's");
        }
    }

    private void printJson(CheckpointModels.Loaded ckpt, String dataName, Evaluation ev) {
        Map<String, Object> perClass = new LinkedHashMap<>();
        double[] acc = ev.perClassAccuracy();
        for (int c = 0; c < acc.length; c++) perClass.put(ckpt.classNames().get(c), Double.isNaN(acc[c]) ? null : acc[c]);
        List<List<Long>> confusion = new ArrayList<>();
        for (long[] row : ev.confusion()) confusion.add(Arrays.stream(row).boxed().toList());
        Json.print(System.out, Json.object("name", "eval", "value", ev.top1(), "unit", "accuracy", split + "_acc", ev.top1(),
                "top5", ev.top5(), "loss", ev.loss(), "count", ev.count(), "model", ckpt.name(), "data", dataName, "split", split,
                "checkpoint", checkpoint.toString(), "per_class", perClass, "confusion", confusion));
    }

    private void printTable(PrintStream out, CheckpointModels.Loaded ckpt, String dataName, Evaluation ev) {
        List<String> names = ckpt.classNames();
        out.printf(Locale.ROOT, "%s (%s%s) on %s %s, %d images%n", checkpoint, ckpt.name(),
                ckpt.epoch() >= 0 ? ", epoch " + ckpt.epoch() : "", dataName, split, ev.count());
        out.printf(Locale.ROOT, "loss %.4f   top-1 %.2f %%   top-5 %.2f %%%n%n", ev.loss(), 100 * ev.top1(), 100 * ev.top5());
        int width = Math.max(5, names.stream().mapToInt(String::length).max().orElse(5));
        out.printf(Locale.ROOT, "%3s  %-" + width + "s %9s %7s%n", "#", "class", "accuracy", "images");
        double[] acc = ev.perClassAccuracy();
        long[][] confusion = ev.confusion();
        for (int c = 0; c < acc.length; c++) {
            long count = Arrays.stream(confusion[c]).sum();
            out.printf(Locale.ROOT, "%3d  %-" + width + "s %9s %7d%n", c, names.get(c),
                    Double.isNaN(acc[c]) ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * acc[c]), count);
        }
        long max = Arrays.stream(confusion).flatMapToLong(Arrays::stream).max().orElse(0);
        int cell = Math.max(3, Long.toString(max).length()) + 1;
        out.printf(Locale.ROOT, "%nconfusion matrix (rows: true class, columns: predicted class)%n%3s ", "");
        for (int c = 0; c < names.size(); c++) out.printf(Locale.ROOT, "%" + cell + "d", c);
        out.println();
        for (int r = 0; r < confusion.length; r++) {
            out.printf(Locale.ROOT, "%3d ", r);
            for (long v : confusion[r]) out.printf(Locale.ROOT, "%" + cell + "d", v);
            out.println();
        }
    }

    static String shapeText(int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int s : shape) sb.append(sb.isEmpty() ? "" : "×").append(s);
        return sb.toString();
    }
}

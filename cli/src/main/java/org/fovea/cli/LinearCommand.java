package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fovea.classic.DataMatrix;
import org.fovea.classic.LinearClassifier;
import org.fovea.data.DataSets;
import org.fovea.data.DataSource;
import org.fovea.data.Dataset;
import org.fovea.data.Images;
import org.fovea.data.Splits;
import org.fovea.kernel.Parallel;
import org.fovea.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea linear}: the linear classifier of CS231n lectures 2–3, f(x) = Wx + b with the multiclass SVM
 * or softmax loss and L1/L2/elastic-net regularisation, trained by mini-batch SGD with validation every
 * epoch; the test set is scored once at the end. Writes the learned class templates (the columns of W as
 * images, as on the lecture's slide) to templates.png.
 */
@Command(name = "linear", mixinStandardHelpOptions = true,
        description = "Linear classifier (SVM or softmax) trained with mini-batch SGD; writes the class templates as a PNG grid.")
final class LinearCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--data", description = "Data set name or path (default ${DEFAULT-VALUE}).", defaultValue = "fashion-mnist") String data;
    @Option(names = "--data-dir", description = "Directory holding the data set's files.") Path dataDir;
    @Option(names = "--loss", description = "svm or softmax (default ${DEFAULT-VALUE}).", defaultValue = "softmax") String loss;
    @Option(names = "--reg", description = "Regularisation: none, l1, l2, elastic (default ${DEFAULT-VALUE}).", defaultValue = "l2") String reg;
    @Option(names = "--lambda", description = "Regularisation strength λ (default ${DEFAULT-VALUE}).", defaultValue = "1e-6") double lambda;
    @Option(names = "--beta", description = "Elastic net: weight β of the L2 term (default ${DEFAULT-VALUE}).", defaultValue = "1") double beta;
    @Option(names = "--lr", description = "Learning rate (default ${DEFAULT-VALUE}; fovea search on Fashion-MNIST found 0.03–0.045 best).", defaultValue = "0.03") double lr;
    @Option(names = "--lr-decay", description = "Learning rate factor after every epoch (default ${DEFAULT-VALUE}).", defaultValue = "0.9") double lrDecay;
    @Option(names = "--momentum", description = "Momentum μ, 0 for vanilla SGD (default ${DEFAULT-VALUE}).", defaultValue = "0.9") double momentum;
    @Option(names = "--epochs", description = "Epochs (default ${DEFAULT-VALUE}).", defaultValue = "10") int epochs;
    @Option(names = "--batch", description = "Mini-batch size (default ${DEFAULT-VALUE}).", defaultValue = "200") int batch;
    @Option(names = "--val-split", description = "Fraction of the training set held out for validation (default ${DEFAULT-VALUE}; 0 = none).", defaultValue = "0.1") double valSplit;
    @Option(names = "--limit", description = "Use the first N training images only (quick runs).") Integer limit;
    @Option(names = "--out", description = "Output directory for templates.png (default runs/linear-TIMESTAMP).") Path out;
    @Option(names = "--force", description = "Write into an output directory that already holds files.") boolean force;
    @Option(names = "--threads", description = "Compute threads (default: all cores).") Integer threads;

    @Override
    public Integer call() throws IOException {
        if (threads != null) Parallel.setThreads(threads);
        LinearClassifier.Loss l = switch (loss.toLowerCase(Locale.ROOT)) {
            case "svm" -> LinearClassifier.Loss.SVM;
            case "softmax" -> LinearClassifier.Loss.SOFTMAX;
            default -> throw new IllegalArgumentException("--loss must be svm or softmax, got '" + loss + "'");
        };
        LinearClassifier.Penalty p = switch (reg.toLowerCase(Locale.ROOT)) {
            case "none" -> LinearClassifier.Penalty.NONE;
            case "l1" -> LinearClassifier.Penalty.L1;
            case "l2" -> LinearClassifier.Penalty.L2;
            case "elastic", "elastic-net" -> LinearClassifier.Penalty.ELASTIC;
            default -> throw new IllegalArgumentException("--reg must be none, l1, l2 or elastic, got '" + reg + "'");
        };
        LinearClassifier.Options o = new LinearClassifier.Options(l, p, lambda, beta, lr, lrDecay, momentum, epochs, batch, common.seed);
        if (!(valSplit >= 0 && valSplit < 1)) throw new IllegalArgumentException("--val-split must be in [0, 1), got " + valSplit);
        DataSource source = DataSets.resolve(data, dataDir);
        System.err.println("data: " + source.description());
        Dataset all = limit == null ? source.train() : source.train().head(Math.min(limit, source.train().size()));
        Dataset trainSet = all, valSet = null;
        if (valSplit > 0) {
            Splits.Split s = Splits.trainValidation(all, valSplit, common.seed);
            trainSet = s.train();
            valSet = s.validation();
        }
        DataMatrix train = DataMatrix.of(trainSet);
        DataMatrix validation = valSet == null ? null : DataMatrix.of(valSet);
        Path dir = RunDirectory.open(out, "linear", force, false).path();

        LinearClassifier model = new LinearClassifier(train.d(), source.classes().size(), common.seed);
        long start = System.nanoTime();
        model.fit(train, validation, o, e -> {
            if (common.json) {
                Json.print(System.out, Json.object("name", "linear.epoch", "epoch", e.epoch(), "train_loss", e.loss(), "train_acc", e.trainAccuracy(),
                        "val_acc", Double.isNaN(e.validationAccuracy()) ? null : e.validationAccuracy(), "lr", e.lr(), "seconds", e.seconds()));
            } else {
                System.err.println(e);
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        Path templates = dir.resolve("templates.png");
        writeTemplates(model.templates(source.train().imageShape()), templates);
        System.err.println("class templates: " + templates);
        Double testAcc = source.hasSplit("test") ? model.accuracy(DataMatrix.of(source.test())) : null;
        String name = l == LinearClassifier.Loss.SVM ? "svm" : "softmax";
        if (common.json) {
            Json.print(System.out, Json.object("name", "linear", "loss", name, "reg", reg, "value", testAcc, "unit", "accuracy", "test_acc", testAcc,
                    "epoch", epochs, "seconds", seconds, "templates", templates.toString()));
        } else if (testAcc != null) {
            System.out.printf(Locale.ROOT, "linear %s: test accuracy %.2f %% after %d epochs, %.1f s; templates in %s%n", name, 100 * testAcc, epochs, seconds, templates);
        }
        return 0;
    }

    /** The templates scaled up 4× (nearest neighbour, so they stay readable) in one row of classes. */
    private static void writeTemplates(List<Tensor> templates, Path file) {
        List<Tensor> big = new ArrayList<>();
        for (Tensor t : templates) {
            int c = t.size(0), h = t.size(1), w = t.size(2), s = 4;
            float[] src = t.contiguous().toArray(), dst = new float[c * h * s * w * s];
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h * s; y++) {
                    for (int x = 0; x < w * s; x++) dst[(ch * h * s + y) * w * s + x] = src[(ch * h + y / s) * w + x / s];
                }
            }
            big.add(Tensor.wrap(dst, c, h * s, w * s));
        }
        Images.writePng(Images.grid(big, Math.min(10, big.size()), 4), file);
    }
}

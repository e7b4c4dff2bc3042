package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fovea.classic.DataMatrix;
import org.fovea.classic.Distances;
import org.fovea.classic.KNearestNeighbor;
import org.fovea.data.DataSets;
import org.fovea.data.DataSource;
import org.fovea.kernel.Parallel;
import org.fovea.train.WarmUp;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea knn}: CS231n lecture 2 end to end. k-fold cross-validation of k on the training set alone,
 * mean ± std accuracy per k and the lecture's accuracy-vs-k plot (every fold a dot, the mean with error
 * bars), then the chosen k (best mean; ties go to the smaller k) scored once on the test set, with the time
 * it took to classify it against the whole training set.
 */
@Command(name = "knn", mixinStandardHelpOptions = true,
        description = "k-nearest-neighbour classifier: cross-validates k on the training set, then reports test accuracy once.")
final class KnnCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--data", description = "Data set name or path (default ${DEFAULT-VALUE}).", defaultValue = "fashion-mnist") String data;
    @Option(names = "--data-dir", description = "Directory holding the data set's files.") Path dataDir;
    @Option(names = "--k", split = ",", description = "Values of k to cross-validate (default ${DEFAULT-VALUE}).", defaultValue = "1,3,5,8,10,20,50")
    int[] ks;
    @Option(names = "--folds", description = "Cross-validation folds (default ${DEFAULT-VALUE}).", defaultValue = "5") int folds;
    @Option(names = "--metric", description = "Distance: l2 or l1 (default ${DEFAULT-VALUE}).", defaultValue = "l2") String metric;
    @Option(names = "--limit", description = "Use the first N training images only (quick runs).") Integer limit;
    @Option(names = "--test-limit", description = "Score the first N test images only.") Integer testLimit;
    @Option(names = "--out", description = "Output directory for the plot (default runs/knn-TIMESTAMP).") Path out;
    @Option(names = "--force", description = "Write into an output directory that already holds files.") boolean force;
    @Option(names = "--threads", description = "Compute threads (default: all cores).") Integer threads;

    @Override
    public Integer call() throws IOException {
        if (threads != null) Parallel.setThreads(threads);
        Distances.Metric m = switch (metric.toLowerCase(Locale.ROOT)) {
            case "l2" -> Distances.Metric.L2;
            case "l1" -> Distances.Metric.L1;
            default -> throw new IllegalArgumentException("--metric must be l1 or l2, got '" + metric + "'");
        };
        if (folds < 2) throw new IllegalArgumentException("--folds must be >= 2, got " + folds);
        int[] k = Arrays.stream(ks).distinct().sorted().toArray();
        if (k.length == 0 || k[0] < 1) throw new IllegalArgumentException("--k values must be >= 1, got " + Arrays.toString(ks));
        var warmUp = WarmUp.start();
        DataSource source = DataSets.resolve(data, dataDir);
        System.err.println("data: " + source.description());
        DataMatrix train = DataMatrix.of(limit == null ? source.train() : source.train().head(Math.min(limit, source.train().size())));
        int largestFoldTrain = train.n() - train.n() / folds;
        if (k[k.length - 1] > largestFoldTrain - 1) {
            throw new IllegalArgumentException("--k " + k[k.length - 1] + " is larger than a fold's training set (" + largestFoldTrain + " images)");
        }
        Path dir = RunDirectory.open(out, "knn", force, false).path();
        warmUp.join();

        long start = System.nanoTime();
        double[][] acc = KNearestNeighbor.crossValidate(train, m, k, folds, common.seed);
        double cvSeconds = (System.nanoTime() - start) / 1e9;
        double[] mean = new double[k.length], std = new double[k.length];
        int best = 0;
        if (!common.json) System.out.printf(Locale.ROOT, "%d-fold cross-validation of %s k-NN on %d training images (%.1f s)%n", folds, m, train.n(), cvSeconds);
        for (int j = 0; j < k.length; j++) {
            for (double[] fold : acc) mean[j] += fold[j] / folds;
            for (double[] fold : acc) std[j] += (fold[j] - mean[j]) * (fold[j] - mean[j]) / folds;
            std[j] = Math.sqrt(std[j]);
            if (mean[j] > mean[best]) best = j;
            double[] perFold = new double[folds];
            for (int f = 0; f < folds; f++) perFold[f] = acc[f][j];
            if (common.json) {
                Json.print(System.out, Json.object("name", "knn.cv", "k", k[j], "value", mean[j], "std", std[j], "unit", "accuracy",
                        "folds", perFold, "metric", m.name().toLowerCase(Locale.ROOT)));
            } else {
                System.out.printf(Locale.ROOT, "k = %3d: %.2f %% ± %.2f %%%n", k[j], 100 * mean[j], 100 * std[j]);
            }
        }
        Path plot = dir.resolve("knn-accuracy.png");
        plot(plot, k, acc, mean, std);
        System.err.println("plot: " + plot);

        int chosen = k[best];
        if (!source.hasSplit("test")) {
            if (!common.json) System.out.printf(Locale.ROOT, "chosen k = %d; %s has no test split%n", chosen, source.name());
            return 0;
        }
        DataMatrix test = DataMatrix.of(testLimit == null ? source.test() : source.test().head(Math.min(testLimit, source.test().size())));
        start = System.nanoTime();
        int[] predicted = new KNearestNeighbor(m).train(train).predict(test, chosen);
        double seconds = (System.nanoTime() - start) / 1e9;
        double testAcc = KNearestNeighbor.accuracy(predicted, test.labels());
        if (common.json) {
            Json.print(System.out, Json.object("name", "knn.test", "k", chosen, "value", testAcc, "unit", "accuracy", "test_acc", testAcc,
                    "seconds", seconds, "test_images", test.n(), "train_images", train.n(), "images_per_s", test.n() / seconds,
                    "metric", m.name().toLowerCase(Locale.ROOT), "plot", plot.toString()));
        } else {
            System.out.printf(Locale.ROOT, "chosen k = %d: test accuracy %.2f %% on %d images, classified against %d training images in %.2f s%n",
                    chosen, 100 * testAcc, test.n(), train.n(), seconds);
        }
        return 0;
    }

    /** The lecture's picture: each fold's accuracy as a dot above its k, the mean as a line with ±std bars. */
    private static void plot(Path file, int[] k, double[][] acc, double[] mean, double[] std) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Cross-validation on k").xAxisTitle("k").yAxisTitle("Cross-validation accuracy").build();
        double[] x = Arrays.stream(k).asDoubleStream().toArray();
        double[] all = new double[acc.length * k.length], xs = new double[all.length];
        for (int f = 0; f < acc.length; f++) {
            for (int j = 0; j < k.length; j++) {
                all[f * k.length + j] = acc[f][j];
                xs[f * k.length + j] = k[j];
            }
        }
        chart.addSeries("folds", xs, all).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.addSeries("mean ± std", x, mean, std);
        BitmapEncoder.saveBitmap(chart, file.resolveSibling(file.getFileName().toString().replaceFirst("\\.png$", "")).toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }
}

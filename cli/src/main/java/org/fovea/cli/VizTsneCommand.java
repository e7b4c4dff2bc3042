package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.fovea.autograd.GradMode;
import org.fovea.data.Batch;
import org.fovea.tensor.Tensor;
import org.fovea.viz.TSNE;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea viz tsne}: exact t-SNE (van der Maaten & Hinton 2008) of the last hidden layer's features of
 * test images (or pixels, with {@code --layer pixels}), drawn as a scatter plot with one colour per class.
 */
@Command(name = "tsne", mixinStandardHelpOptions = true,
        description = "Embeds test images' features in 2-D with t-SNE and plots them, one colour per class.")
final class VizTsneCommand implements Callable<Integer> {
    static final int WIDTH = 800;
    static final int HEIGHT = 700;

    @Mixin CommonOptions common;
    @Mixin VizOptions viz;
    @Option(names = "--limit", description = "Embed the first this many test images (default: ${DEFAULT-VALUE}).")
    int limit = 500;
    @Option(names = "--layer", description = "Layer whose outputs to embed, or \"pixels\" (default: the last hidden layer).")
    String layer;
    @Option(names = "--perplexity", description = "Effective number of neighbours (default: ${DEFAULT-VALUE}).")
    double perplexity = 30;
    @Option(names = "--iterations", description = "Gradient steps (default: ${DEFAULT-VALUE}).")
    int iterations = 1000;

    @Override
    public Integer call() throws IOException {
        run(viz.load(common));
        return 0;
    }

    void run(VizOptions.Context c) throws IOException {
        int n = Math.min(limit, c.test().size());
        if (n < 4) throw new IllegalArgumentException("--limit must be at least 4, got " + limit);
        int[] idx = java.util.stream.IntStream.range(0, n).toArray();
        Batch batch = c.test().batch(idx);
        String l = layer != null ? layer : c.probe().lastHiddenLayer();
        Tensor features;
        if (l.equals("pixels")) {
            features = batch.images().contiguous().reshape(n, -1);
        } else {
            try (var scope = GradMode.noGrad()) {
                Tensor act = c.probe().activations(batch.images(), l).contiguous();
                features = act.reshape(n, -1);
            }
        }
        long start = System.nanoTime();
        Tensor y = new TSNE(perplexity, iterations, 200).embed(features, new SplittableRandom(c.seed()));
        System.err.printf(java.util.Locale.ROOT, "t-SNE of %d × %d features: %.1f s%n", n, features.size(1), (System.nanoTime() - start) / 1e9);
        Path file = c.out().resolve("tsne.png");
        scatter(file, "t-SNE of layer " + l + " (" + n + " test images)", y, batch.labels(), c.classes());
        c.report(file, "t-SNE scatter of layer " + l + ", one colour per class", "layer", l, "points", n);
    }

    /** One series per class: a labelled scatter plot of WIDTH × HEIGHT pixels. */
    static void scatter(Path file, String title, Tensor y, int[] labels, List<String> classes) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setAxisTicksVisible(false);
        for (int k = 0; k < classes.size(); k++) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != k) continue;
                xs.add((double) y.get(i, 0));
                ys.add((double) y.get(i, 1));
            }
            if (!xs.isEmpty()) chart.addSeries(classes.get(k), xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        String name = file.getFileName().toString().replaceFirst("\\.png$", "");
        BitmapEncoder.saveBitmap(chart, file.resolveSibling(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}

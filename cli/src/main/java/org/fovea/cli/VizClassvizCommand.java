package org.fovea.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.fovea.tensor.Tensor;
import org.fovea.viz.ClassVisualization;
import org.fovea.viz.Occlusion;
import org.fovea.viz.Pictures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea viz classviz}: for each class, the image the model scores highest, found by gradient ascent
 * with L2 decay, jitter and periodic blur (Yosinski et al. 2015); one tile per class, in class order.
 */
@Command(name = "classviz", mixinStandardHelpOptions = true,
        description = "Generates, for each class, an image the model scores highest (gradient ascent with L2 decay, jitter and blur).")
final class VizClassvizCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin VizOptions viz;
    @Option(names = "--classes", split = ",", description = "Class indices (default: all).")
    int[] classes;
    @Option(names = "--steps", description = "Gradient-ascent steps (default: ${DEFAULT-VALUE}).")
    int steps = 200;
    @Option(names = "--lr", description = "RMS change of a pixel per step (default: ${DEFAULT-VALUE}).")
    float lr = 0.01f;
    @Option(names = "--l2", description = "Weight of the L2 penalty on the normalised image (default: ${DEFAULT-VALUE}).")
    float l2 = 1e-3f;
    @Option(names = "--jitter", description = "Largest random shift in pixels (default: ${DEFAULT-VALUE}).")
    int jitter = 2;
    @Option(names = "--blur-every", description = "Blur every this many steps, 0 = never (default: ${DEFAULT-VALUE}).")
    int blurEvery = 10;
    @Option(names = "--blur-sigma", description = "Sigma of the blur in pixels (default: ${DEFAULT-VALUE}).")
    float blurSigma = 0.5f;

    @Override
    public Integer call() throws IOException {
        run(viz.load(common));
        return 0;
    }

    void run(VizOptions.Context c) {
        ClassVisualization cv = new ClassVisualization(steps, lr, l2, jitter, blurEvery, blurSigma);
        int[] which = classes != null ? classes : java.util.stream.IntStream.range(0, c.classes().size()).toArray();
        List<Tensor> tiles = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(c.seed());
        for (int k : which) {
            if (k < 0 || k >= c.classes().size()) throw new IllegalArgumentException("--classes: " + k + " is not in 0.." + (c.classes().size() - 1));
            Tensor img = cv.generate(c.probe(), k, rng.split());
            tiles.add(img);
            double p = Occlusion.probabilities(c.probe(), img)[k];
            if (c.json()) Json.print(System.out, Json.object("name", "classviz_probability", "value", p, "unit", "probability", "class", c.classes().get(k)));
            else System.out.printf(Locale.ROOT, "class %d %s: the model gives the generated image p = %.3f%n", k, c.classes().get(k), p);
        }
        c.write(Pictures.tile(tiles, 5, c.scale()), "classviz.png", "one tile per class " + java.util.Arrays.toString(which) + ", row by row, 5 per row");
    }
}

package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fovea.data.Batch;
import org.fovea.tensor.Tensor;
import org.fovea.viz.Adversarial;
import org.fovea.viz.Pictures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea viz adversarial}: the model's test accuracy against the L∞ budget ε of the fast gradient sign
 * method (Goodfellow et al. 2015) and of its iterative form (Kurakin et al. 2017), as a table and a plot;
 * the chosen images with their FGSM versions; and fooling images pushed to the next class.
 */
@Command(name = "adversarial", mixinStandardHelpOptions = true,
        description = "Tabulates and plots accuracy against epsilon under FGSM and iterative attacks, and draws adversarial and fooling images.")
final class VizAdversarialCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin VizOptions viz;
    @Option(names = "--eps", split = ",", description = "Budgets ε (pixels in [0, 1]) (default: 0,0.01,0.02,0.05,0.1,0.2).")
    float[] eps = {0f, 0.01f, 0.02f, 0.05f, 0.1f, 0.2f};
    @Option(names = "--show-eps", description = "ε of the pictured FGSM images (default: ${DEFAULT-VALUE}).")
    float showEps = 0.1f;
    @Option(names = "--steps", description = "Steps of the iterative attack, α = ε/4; 0 = FGSM only (default: ${DEFAULT-VALUE}).")
    int steps = 10;
    @Option(names = "--limit", description = "Attack the first this many test images (default: ${DEFAULT-VALUE}).")
    int limit = 500;

    @Override
    public Integer call() throws IOException {
        run(viz.load(common));
        return 0;
    }

    List<Adversarial.Row> run(VizOptions.Context c) throws IOException {
        int n = Math.min(limit, c.test().size());
        if (n < 1 || steps < 0) throw new IllegalArgumentException("--limit must be at least 1 and --steps at least 0");
        for (float e : eps) if (!(e >= 0 && e <= 1)) throw new IllegalArgumentException("--eps values must be in [0, 1], got " + e);
        Batch batch = c.test().batch(java.util.stream.IntStream.range(0, n).toArray());
        List<Adversarial.Row> rows = Adversarial.accuracyCurve(c.probe(), batch.images(), batch.labels(), eps, steps);
        if (!c.json()) System.out.printf(Locale.ROOT, "accuracy on %d test images under attack (iterative: %d steps of ε/4)%n%8s %8s %8s %10s%n",
                n, steps, "epsilon", "clean", "FGSM", "iterative");
        for (Adversarial.Row r : rows) {
            if (c.json()) {
                Json.print(System.out, Json.object("name", "fgsm_accuracy", "value", r.fgsm(), "unit", "accuracy", "epsilon", (double) r.epsilon(),
                        "clean_acc", r.clean(), "iterative_acc", Double.isNaN(r.iterative()) ? null : r.iterative(), "images", n));
            } else {
                System.out.printf(Locale.ROOT, "%8.3f %7.1f%% %7.1f%% %9s%n", r.epsilon(), 100 * r.clean(), 100 * r.fgsm(),
                        Double.isNaN(r.iterative()) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * r.iterative()));
            }
        }
        double[] x = new double[rows.size()], fgsm = new double[rows.size()], iter = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            x[i] = rows.get(i).epsilon();
            fgsm[i] = rows.get(i).fgsm();
            iter[i] = rows.get(i).iterative();
        }
        Path plot = c.out().resolve("adversarial-accuracy.png");
        Charts.line(plot, "Accuracy under attack (" + n + " test images)", "epsilon (L-infinity, pixels in [0, 1])", "accuracy",
                x, List.of("FGSM", "iterative (" + steps + " steps)"), List.of(fgsm, iter));
        c.report(plot, "accuracy against epsilon, FGSM and iterative");
        drawExamples(c);
        return rows;
    }

    /** Rows: image | FGSM image at --show-eps | its perturbation (grey = 0) | a fooling image of the next class | its change ×5. */
    private void drawExamples(VizOptions.Context c) {
        int[] targets = c.targets();
        Tensor adv = Adversarial.fgsm(c.probe(), c.images(), targets, showEps);
        int[] advPred = Adversarial.predict(c.probe(), adv);
        List<Tensor> tiles = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            Tensor image = c.images().select(0, i).contiguous(), a = adv.select(0, i).contiguous();
            int target = (targets[i] + 1) % c.classes().size();
            Adversarial.Fooling f = Adversarial.fool(c.probe(), image, target, 0.1f, 1000);
            tiles.add(image);
            tiles.add(a);
            tiles.add(a.sub(image).mul(0.5f / Math.max(showEps, 1e-6f)).add(0.5f).contiguous());
            tiles.add(f.image());
            tiles.add(f.image().sub(image).mul(5f).add(0.5f).contiguous());
            String line = String.format(Locale.ROOT, "%s: %s → FGSM ε=%.3f: %s; fooling image → %s %s in %d steps", c.names().get(i),
                    c.classes().get(targets[i]), showEps, c.classes().get(advPred[i]), c.classes().get(target), f.fooled() ? "reached" : "NOT reached", f.steps());
            if (c.json()) {
                Json.print(System.out, Json.object("name", "fooling_steps", "value", f.steps(), "unit", "steps", "image", c.names().get(i),
                        "class", c.classes().get(targets[i]), "target", c.classes().get(target), "fooled", f.fooled(),
                        "fgsm_prediction", c.classes().get(advPred[i])));
            } else {
                System.out.println(line);
            }
        }
        c.write(Pictures.tile(tiles, 5, c.scale()), "adversarial-examples.png",
                "rows: image | FGSM ε=" + showEps + " | perturbation | fooling image (next class) | its change ×5");
    }
}

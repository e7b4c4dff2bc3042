package org.fovea.viz;

import java.util.ArrayList;
import java.util.List;
import org.fovea.autograd.GradMode;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.tensor.Tensor;

/**
 * Adversarial examples (CS231n lecture 12 and its adversarial-examples lecture). The fast gradient sign
 * method (Goodfellow, Shlens & Szegedy 2015, "Explaining and Harnessing Adversarial Examples", eq. 3):
 * x̃ = clip(x + ε·sign(∇ₓ L(x, y))), one step that raises the loss as much as an L∞ budget ε allows. The
 * iterative method (Kurakin, Goodfellow & Bengio 2017, "Adversarial Examples in the Physical World", §2.1):
 * T steps of size α, each projected back into the ε-ball around x and the [0, 1] pixel range. Fooling images
 * (Szegedy et al. 2014; CS231n assignment 3): gradient ascent on a chosen wrong class's score until the model
 * predicts it, with steps of fixed L2 length.
 *
 * <p>Shape: images (N, C, H, W) in [0, 1], N labels → adversarial images (N, C, H, W) in [0, 1].
 */
public final class Adversarial {
    private static final int BATCH = 256;

    /** One row of the accuracy-against-ε table: accuracy on clean images, under FGSM, under the iterative attack. */
    public record Row(float epsilon, double clean, double fgsm, double iterative) {}

    /** A fooling image: the image, the class it was pushed to, the steps it took, and whether it worked. */
    public record Fooling(Tensor image, int target, int steps, boolean fooled) {}

    private Adversarial() {}

    /** FGSM: x + ε·sign(∇ₓ L), clamped to [0, 1]. */
    public static Tensor fgsm(Probe probe, Tensor images, int[] labels, float epsilon) {
        Tensor g = lossGradient(probe, images, labels);
        return clamp(images.add(sign(g).mul(epsilon)), images, Float.POSITIVE_INFINITY);
    }

    /** The iterative attack: {@code steps} FGSM steps of size α, each projected into the ε-ball and [0, 1]. */
    public static Tensor iterative(Probe probe, Tensor images, int[] labels, float epsilon, float alpha, int steps) {
        Tensor x = images.contiguous();
        for (int t = 0; t < steps; t++) {
            Tensor g = lossGradient(probe, x, labels);
            x = clamp(x.add(sign(g).mul(alpha)), images, epsilon);
        }
        return x;
    }

    /** Gradient ascent on the score of {@code target}, L2 steps of length {@code stepSize}, until the model predicts it. */
    public static Fooling fool(Probe probe, Tensor image, int target, float stepSize, int maxSteps) {
        Tensor x = image.contiguous().unsqueeze(0);
        for (int t = 0; t < maxSteps; t++) {
            if (predict(probe, x)[0] == target) return new Fooling(x.select(0, 0).contiguous(), target, t, true);
            Probe.Gradient g = probe.inputGradient(x, v -> Saliency.selectedScores(probe.scores(v), new int[] {target}));
            float norm = (float) Math.sqrt(g.grad().pow(2f).sum().item());
            if (norm == 0f) break;
            x = clamp(x.add(g.grad().mul(stepSize / norm)), x, Float.POSITIVE_INFINITY);
        }
        boolean fooled = predict(probe, x)[0] == target;
        return new Fooling(x.select(0, 0).contiguous(), target, maxSteps, fooled);
    }

    /**
     * The model's accuracy on these images, clean and under attack, for each ε (the iterative attack uses
     * α = ε / 4 and {@code steps} steps; steps = 0 skips it and reports NaN).
     */
    public static List<Row> accuracyCurve(Probe probe, Tensor images, int[] labels, float[] epsilons, int steps) {
        double clean = accuracy(probe, images, labels);
        List<Row> rows = new ArrayList<>();
        for (float eps : epsilons) {
            int correctFgsm = 0, correctIter = 0;
            for (int s = 0; s < labels.length; s += BATCH) {
                int n = Math.min(BATCH, labels.length - s);
                Tensor x = images.narrow(0, s, n).contiguous();
                int[] y = java.util.Arrays.copyOfRange(labels, s, s + n);
                correctFgsm += correct(probe, eps == 0 ? x : fgsm(probe, x, y, eps), y);
                if (steps > 0) correctIter += correct(probe, eps == 0 ? x : iterative(probe, x, y, eps, eps / 4, steps), y);
            }
            rows.add(new Row(eps, clean, (double) correctFgsm / labels.length, steps > 0 ? (double) correctIter / labels.length : Double.NaN));
        }
        return rows;
    }

    /** Top-1 accuracy on [0, 1] images. */
    public static double accuracy(Probe probe, Tensor images, int[] labels) {
        int ok = 0;
        for (int s = 0; s < labels.length; s += BATCH) {
            int n = Math.min(BATCH, labels.length - s);
            ok += correct(probe, images.narrow(0, s, n).contiguous(), java.util.Arrays.copyOfRange(labels, s, s + n));
        }
        return (double) ok / labels.length;
    }

    /** The predicted class of each image. */
    public static int[] predict(Probe probe, Tensor images) {
        Tensor scores;
        try (var scope = GradMode.noGrad()) {
            scores = probe.scores(images.contiguous()).contiguous();
        }
        int[] out = new int[images.size(0)];
        for (int i = 0; i < out.length; i++) out[i] = argmax(scores, i);
        return out;
    }

    /** ∇ₓ of the summed cross-entropy (its sign is what FGSM needs; the batch mean would only scale it). */
    private static Tensor lossGradient(Probe probe, Tensor images, int[] labels) {
        CrossEntropyLoss loss = new CrossEntropyLoss();
        return probe.inputGradient(images, x -> loss.forward(probe.scores(x), labels).mul((float) labels.length)).grad();
    }

    private static int correct(Probe probe, Tensor images, int[] labels) {
        int[] p = predict(probe, images);
        int ok = 0;
        for (int i = 0; i < p.length; i++) ok += p[i] == labels[i] ? 1 : 0;
        return ok;
    }

    private static int argmax(Tensor scores, int row) {
        Tensor s = scores.contiguous();
        int c = s.size(1), best = 0;
        for (int j = 1; j < c; j++) if (s.get(row, j) > s.get(row, best)) best = j;
        return best;
    }

    private static Tensor sign(Tensor g) {
        float[] d = g.contiguous().toArray();
        for (int i = 0; i < d.length; i++) d[i] = Math.signum(d[i]);
        return Tensor.wrap(d, g.shape());
    }

    /** Projects x into [origin − ε, origin + ε] ∩ [0, 1]. */
    private static Tensor clamp(Tensor x, Tensor origin, float epsilon) {
        float[] d = x.contiguous().toArray(), o = origin.contiguous().toArray();
        for (int i = 0; i < d.length; i++) {
            float v = Math.min(o[i] + epsilon, Math.max(o[i] - epsilon, d[i]));
            d[i] = Math.min(1f, Math.max(0f, v));
        }
        return Tensor.wrap(d, x.shape());
    }
}

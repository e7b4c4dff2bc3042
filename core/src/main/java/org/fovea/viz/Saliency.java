package org.fovea.viz;

import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Saliency maps (Simonyan, Vedaldi & Zisserman 2014, "Deep Inside Convolutional Networks", §3.1): the
 * magnitude of the gradient of the unnormalised class score with respect to the image pixels, maximised over
 * the colour channels, M(i, j) = max_c |∂S_y / ∂I(c, i, j)|, which shows the pixels whose change moves the score
 * most. One backward pass serves a whole batch: in evaluation mode image n's score depends only on image n,
 * so the gradient of Σ_n S_{y_n}(I_n) with respect to I_n is that of S_{y_n}.
 *
 * <p>Shape: images (N, C, H, W), N targets → maps (N, H, W).
 */
public final class Saliency {
    private Saliency() {}

    /** The saliency maps of [0, 1] images for the given target classes (the true or the predicted ones). */
    public static Tensor maps(Probe probe, Tensor images, int[] targets) {
        if (images.dim() != 4 || images.size(0) != targets.length) {
            throw new IllegalArgumentException("saliency: want (N, C, H, W) images and N targets, got shape "
                    + java.util.Arrays.toString(images.shape()) + " and " + targets.length + " targets");
        }
        Tensor grad = probe.inputGradient(images, x -> selectedScores(probe.scores(x), targets)).grad();
        return grad.abs().max(1, false);
    }

    /** Σ_n scores[n, targets[n]]: the sum of each image's score of its target class. */
    static Variable selectedScores(Variable scores, int[] targets) {
        float[] mask = new float[scores.numel()];
        int classes = scores.size(1);
        for (int n = 0; n < targets.length; n++) {
            if (targets[n] < 0 || targets[n] >= classes) throw new IllegalArgumentException("target class " + targets[n] + " is not in 0.." + (classes - 1));
            mask[n * classes + targets[n]] = 1f;
        }
        return scores.mul(Variable.of(Tensor.wrap(mask, scores.shape()))).sum();
    }
}

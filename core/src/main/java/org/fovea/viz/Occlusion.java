package org.fovea.viz;

import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Occlusion sensitivity (Zeiler & Fergus 2014, "Visualizing and Understanding Convolutional Networks", §4.2,
 * fig. 7): slide a grey square over the image and record, for each position, the probability the model gives
 * the correct class. Where the map drops, the object the classifier relies on was hidden.
 *
 * <p>Shape: image (C, H, W) → map (⌊(H − p)/s⌋ + 1, ⌊(W − p)/s⌋ + 1) for a p × p patch moved by stride s;
 * cell (i, j) is the probability with the square's top-left corner at (i·s, j·s).
 */
public final class Occlusion {
    private static final int BATCH = 64;

    private Occlusion() {}

    /** The probability of {@code target} with the square at each position; {@code fill} is the square's grey in [0, 1]. */
    public static Tensor map(Probe probe, Tensor image, int target, int patch, int stride, float fill) {
        if (image.dim() != 3) throw new IllegalArgumentException("occlusion: want a (C, H, W) image, got " + image.dim() + " dims");
        int c = image.size(0), h = image.size(1), w = image.size(2);
        if (patch < 1 || patch > Math.min(h, w) || stride < 1) {
            throw new IllegalArgumentException("occlusion: the patch must be 1.." + Math.min(h, w) + " pixels and the stride >= 1, got " + patch + " and " + stride);
        }
        int oh = (h - patch) / stride + 1, ow = (w - patch) / stride + 1, positions = oh * ow, per = c * h * w;
        float[] src = image.contiguous().toArray(), out = new float[positions];
        for (int start = 0; start < positions; start += BATCH) {
            int n = Math.min(BATCH, positions - start);
            float[] batch = new float[n * per];
            for (int b = 0; b < n; b++) {
                System.arraycopy(src, 0, batch, b * per, per);
                int top = (start + b) / ow * stride, left = (start + b) % ow * stride;
                for (int ch = 0; ch < c; ch++) {
                    for (int y = top; y < top + patch; y++) java.util.Arrays.fill(batch, b * per + (ch * h + y) * w + left, b * per + (ch * h + y) * w + left + patch, fill);
                }
            }
            Tensor probs;
            try (var scope = GradMode.noGrad()) {
                probs = probe.scores(Variable.of(Tensor.wrap(batch, n, c, h, w))).softmax(1).data().contiguous();
            }
            int classes = probs.size(1);
            for (int b = 0; b < n; b++) out[start + b] = probs.data()[probs.offset() + b * classes + target];
        }
        return Tensor.wrap(out, oh, ow);
    }

    /**
     * The map back in pixel coordinates: each pixel gets the mean probability over the square positions that
     * cover it (pixels no position covers take the nearest position's), so the map lines up with the image.
     * Shape: (oh, ow) map → (H, W).
     */
    public static Tensor pixelMap(Tensor map, int h, int w, int patch, int stride) {
        int oh = map.size(0), ow = map.size(1);
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            int[] rows = covering(y, patch, stride, oh);
            for (int x = 0; x < w; x++) {
                int[] cols = covering(x, patch, stride, ow);
                double sum = 0;
                for (int i = rows[0]; i <= rows[1]; i++) for (int j = cols[0]; j <= cols[1]; j++) sum += map.get(i, j);
                out[y * w + x] = (float) (sum / ((rows[1] - rows[0] + 1) * (cols[1] - cols[0] + 1)));
            }
        }
        return Tensor.wrap(out, h, w);
    }

    /** First and last position index whose square [i·s, i·s + p) covers coordinate y; the nearest one if none does. */
    private static int[] covering(int y, int patch, int stride, int positions) {
        int first = Math.max(0, Math.floorDiv(y - patch, stride) + 1), last = Math.min(positions - 1, y / stride);
        if (first > last) {
            int nearest = Math.min(positions - 1, Math.max(0, first));
            return new int[] {nearest, nearest};
        }
        return new int[] {first, last};
    }

    /** Softmax probability of each class for one [0, 1] image. */
    public static float[] probabilities(Probe probe, Tensor image) {
        try (var scope = GradMode.noGrad()) {
            return probe.scores(Variable.of(image.unsqueeze(0))).softmax(1).data().contiguous().toArray();
        }
    }
}

package org.fovea.viz;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.data.Dataset;
import org.fovea.tensor.Tensor;

/**
 * Maximally activating patches (CS231n lecture 12; Zeiler & Fergus 2014, fig. 2; Girshick et al. 2014,
 * fig. 4): run a data set through the model, keep the k images where one channel of a layer fires most (at
 * most one position per image), and crop from each the part of the image that this activation sees.
 *
 * <p>The crop is the activation's receptive field measured by backpropagation: the input pixels with a
 * non-zero gradient of that single activation bound it, whatever the layers in between (convolutions,
 * pooling, residual blocks). All crops share one square size, the largest of those bounds, centred on each
 * bound and zero-padded outside the image. A flat (fully connected) layer sees the whole image.
 *
 * <p>Shape: crops (C, S, S) in [0, 1].
 */
public final class MaxPatches {
    private static final int BATCH = 128;

    /** One activation: image index in the data set, position (y, x) in the layer's map, value, and its crop. */
    public record Patch(int image, int y, int x, float value, Tensor crop) {}

    private MaxPatches() {}

    /** The top-k patches of {@code channel} of {@code layer} over the first {@code limit} images of {@code data}. */
    public static List<Patch> top(Probe probe, Dataset data, String layer, int channel, int k, int limit) {
        int n = Math.min(limit, data.size());
        PriorityQueue<float[]> best = new PriorityQueue<>(Comparator.comparingDouble(a -> a[3]));
        for (int start = 0; start < n; start += BATCH) {
            int[] idx = new int[Math.min(BATCH, n - start)];
            for (int i = 0; i < idx.length; i++) idx[i] = start + i;
            Tensor act;
            try (var scope = GradMode.noGrad()) {
                act = probe.activations(data.batch(idx).images(), layer).contiguous();
            }
            int channels = act.size(1);
            if (channel < 0 || channel >= channels) throw new IllegalArgumentException("layer " + layer + " has channels 0.." + (channels - 1) + ", not " + channel);
            int h = act.dim() == 4 ? act.size(2) : 1, w = act.dim() == 4 ? act.size(3) : 1;
            float[] d = act.data();
            for (int b = 0; b < idx.length; b++) {
                int base = act.offset() + (b * channels + channel) * h * w, arg = 0;
                for (int p = 1; p < h * w; p++) if (d[base + p] > d[base + arg]) arg = p;
                best.add(new float[] {idx[b], arg / w, arg % w, d[base + arg]});
                if (best.size() > k) best.poll();
            }
        }
        List<float[]> sorted = new ArrayList<>(best);
        sorted.sort(Comparator.comparingDouble((float[] a) -> a[3]).reversed());
        List<int[]> boxes = new ArrayList<>();
        int side = 1;
        for (float[] s : sorted) {
            int[] box = receptiveField(probe, data.get((int) s[0]).image(), layer, channel, (int) s[1], (int) s[2]);
            boxes.add(box);
            side = Math.max(side, Math.max(box[2] - box[0], box[3] - box[1]));
        }
        List<Patch> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            float[] s = sorted.get(i);
            int[] box = boxes.get(i);
            Tensor crop = crop(data.get((int) s[0]).image(), (box[0] + box[2] - side) / 2, (box[1] + box[3] - side) / 2, side);
            out.add(new Patch((int) s[0], (int) s[1], (int) s[2], s[3], crop));
        }
        return out;
    }

    /**
     * The bounding box {top, left, bottom, right} (exclusive ends) of the pixels whose gradient of the activation
     * (channel, y, x) of the layer is non-zero for this image; the whole image for a flat layer or a dead unit.
     */
    public static int[] receptiveField(Probe probe, Tensor image, String layer, int channel, int y, int x) {
        int h = image.size(1), w = image.size(2);
        Tensor grad = probe.inputGradient(image.unsqueeze(0), px -> {
            Variable a = probe.activations(px, layer);
            if (a.dim() == 4) return a.narrow(1, channel, 1).narrow(2, y, 1).narrow(3, x, 1).sum();
            return a.narrow(1, channel, 1).sum();
        }).grad().abs().sum(new int[] {0, 1}, false).contiguous();
        int top = h, left = w, bottom = 0, right = 0;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                if (grad.get(i, j) != 0f) {
                    top = Math.min(top, i);
                    left = Math.min(left, j);
                    bottom = Math.max(bottom, i + 1);
                    right = Math.max(right, j + 1);
                }
            }
        }
        return bottom == 0 ? new int[] {0, 0, h, w} : new int[] {top, left, bottom, right};
    }

    /** The side × side square at (top, left) of a (C, H, W) image, zero outside it. */
    static Tensor crop(Tensor image, int top, int left, int side) {
        Tensor x = image.contiguous();
        int c = x.size(0), h = x.size(1), w = x.size(2);
        float[] out = new float[c * side * side];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    int yy = top + i, xx = left + j;
                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) out[(ch * side + i) * side + j] = x.get(ch, yy, xx);
                }
            }
        }
        return Tensor.wrap(out, c, side, side);
    }
}

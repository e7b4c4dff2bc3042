package org.fovea.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.fovea.tensor.Tensor;

/**
 * Test-time augmentation: the ten-crop of Krizhevsky et al. 2012 §4.1 (four corners and the centre, plus
 * their mirror images), optionally at several scales (He et al. 2016 §3.4 average over shorter sides
 * {224, 256, 384, 480, 640}), and averaging a model's predictions over the crops.
 *
 * <p>Shape: an image (C, H, W) → crops (10·S, C, size, size); {@link #predict} maps (N, C, H, W) to the
 * mean of the model's (N, K) outputs.
 */
public final class MultiCrop {
    private MultiCrop() {}

    /** Top-left, top-right, bottom-left, bottom-right, centre, then the same five mirrored. */
    public static Tensor tenCrop(Tensor image, int size) {
        return Tensor.stack(0, crops(image, size).toArray(Tensor[]::new));
    }

    /** Ten crops after resizing the shorter side to each of {@code shorterSides} (each >= size). */
    public static Tensor multiScale(Tensor image, int size, int... shorterSides) {
        List<Tensor> all = new ArrayList<>();
        for (int side : shorterSides) {
            if (side < size) throw new IllegalArgumentException("MultiCrop: shorter side " + side + " is below the crop size " + size);
            all.addAll(crops(ScaleJitter.resizeShorterSide(image, side), size));
        }
        return Tensor.stack(0, all.toArray(Tensor[]::new));
    }

    /**
     * The model's outputs averaged over the crops of every image: the model is called once per crop
     * position with the (N, C, size, size) batch of that crop, and must return (N, K) (probabilities or
     * logits, as the caller prefers to average). No shorter sides means ten crops of the image as it is.
     */
    public static Tensor predict(Function<Tensor, Tensor> model, Tensor images, int size, int... shorterSides) {
        if (images.dim() != 4) throw new IllegalArgumentException("MultiCrop.predict: want (N, C, H, W), got " + Arrays.toString(images.shape()));
        int n = images.size(0);
        List<Tensor> perImage = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Tensor img = images.select(0, i);
            perImage.add(shorterSides.length == 0 ? tenCrop(img, size) : multiScale(img, size, shorterSides));
        }
        int views = perImage.get(0).size(0);
        Tensor sum = null;
        for (int v = 0; v < views; v++) {
            Tensor[] batch = new Tensor[n];
            for (int i = 0; i < n; i++) batch[i] = perImage.get(i).select(0, v);
            Tensor out = model.apply(Tensor.stack(0, batch));
            if (out.dim() != 2 || out.size(0) != n) throw new IllegalArgumentException("MultiCrop.predict: the model returned shape " + Arrays.toString(out.shape()) + ", want (" + n + ", K)");
            sum = sum == null ? out.copy() : sum.add(out);
        }
        return sum.div(views);
    }

    private static List<Tensor> crops(Tensor image, int size) {
        int h = image.size(1), w = image.size(2);
        if (h < size || w < size) throw new IllegalArgumentException("MultiCrop: a " + size + " crop does not fit a " + h + "x" + w + " image");
        int[][] corners = {{0, 0}, {0, w - size}, {h - size, 0}, {h - size, w - size}, {(h - size) / 2, (w - size) / 2}};
        List<Tensor> out = new ArrayList<>(10);
        for (int[] c : corners) out.add(ImageOps.crop(image, c[0], c[1], size, size));
        for (int k = 0; k < 5; k++) out.add(ImageOps.flipHorizontal(out.get(k)));
        return out;
    }
}

package org.fovea.data;

import java.util.List;
import org.fovea.tensor.Tensor;

/**
 * A random-access collection of labelled images (as torch.utils.data.Dataset).
 *
 * <p>Shape: {@link #get} returns a (C, H, W) image; {@link #batch} returns (N, C, H, W).
 */
public interface Dataset {
    int size();

    /** Image i scaled to [0, 1] and its label. */
    Sample get(int i);

    /** The label of item i, without loading its image. */
    int label(int i);

    /** Class names; the label of an item indexes this list. */
    List<String> classes();

    /** (C, H, W) of every image. */
    int[] imageShape();

    /** The listed items stacked into one batch; implementations override this with a faster copy. */
    default Batch batch(int[] indices) {
        int[] s = imageShape();
        int per = s[0] * s[1] * s[2];
        float[] out = new float[indices.length * per];
        int[] labels = new int[indices.length];
        for (int b = 0; b < indices.length; b++) {
            Sample sample = get(indices[b]);
            Tensor img = sample.image().contiguous();
            System.arraycopy(img.data(), img.offset(), out, b * per, per);
            labels[b] = sample.label();
        }
        return new Batch(Tensor.wrap(out, indices.length, s[0], s[1], s[2]), labels);
    }

    /** Number of items per class, indexed by label. */
    default int[] classCounts() {
        int[] counts = new int[classes().size()];
        for (int i = 0; i < size(); i++) counts[label(i)]++;
        return counts;
    }
}

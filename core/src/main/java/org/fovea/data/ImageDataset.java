package org.fovea.data;

import java.util.Arrays;
import java.util.List;
import org.fovea.tensor.Tensor;

/**
 * Images held in memory as unsigned bytes (one per pixel and channel, as IDX and CIFAR store them), scaled
 * to [0, 1] floats when read. A byte per value keeps 60,000 Fashion-MNIST images in 47 MB.
 *
 * <p>Shape: pixels is (N, C, H, W) row-major; {@link #get} returns (C, H, W), {@link #batch} (N, C, H, W).
 */
public final class ImageDataset implements Dataset {
    private static final float[] SCALE = new float[256];

    static {
        for (int v = 0; v < 256; v++) SCALE[v] = v / 255f;
    }

    private final String source;
    private final byte[] pixels;
    private final int[] shape;
    private final int[] labels;
    private final List<String> classes;
    private final int perImage;

    /**
     * @param source where the data came from, used in error messages
     * @param pixels N·C·H·W bytes, not copied
     * @param shape  (C, H, W)
     * @param labels N class indices, each in [0, classes.size())
     */
    public ImageDataset(String source, byte[] pixels, int[] shape, int[] labels, List<String> classes) {
        if (shape.length != 3 || shape[0] <= 0 || shape[1] <= 0 || shape[2] <= 0) {
            throw new IllegalArgumentException(source + ": image shape must be (C, H, W) with positive sizes, got " + Arrays.toString(shape));
        }
        this.source = source;
        this.pixels = pixels;
        this.shape = shape.clone();
        this.labels = labels;
        this.classes = List.copyOf(classes);
        this.perImage = shape[0] * shape[1] * shape[2];
        if ((long) labels.length * perImage != pixels.length) {
            throw new DataFormatException(source, labels.length + " labels but " + pixels.length + " pixel bytes, which is "
                    + ((double) pixels.length / perImage) + " images of " + Arrays.toString(shape));
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new DataFormatException(source, "label " + labels[i] + " of item " + i + " is outside [0, " + classes.size() + ")");
            }
        }
    }

    /** Converts unsigned bytes to floats in [0, 1]: out[outOff + i] = (src[srcOff + i] & 0xff) / 255. */
    public static void scaleToUnit(byte[] src, int srcOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = SCALE[src[srcOff + i] & 0xff];
    }

    public String source() { return source; }

    /** The raw bytes, shared; (N, C, H, W) row-major. */
    public byte[] pixels() { return pixels; }

    /** The labels, shared. */
    public int[] labels() { return labels; }

    @Override public int size() { return labels.length; }
    @Override public int label(int i) { return labels[i]; }
    @Override public List<String> classes() { return classes; }
    @Override public int[] imageShape() { return shape.clone(); }

    @Override
    public Sample get(int i) {
        float[] out = new float[perImage];
        scaleToUnit(pixels, checked(i) * perImage, out, 0, perImage);
        return new Sample(Tensor.wrap(out, shape), labels[i]);
    }

    @Override
    public Batch batch(int[] indices) {
        float[] out = new float[indices.length * perImage];
        int[] batchLabels = new int[indices.length];
        for (int b = 0; b < indices.length; b++) {
            int i = checked(indices[b]);
            scaleToUnit(pixels, i * perImage, out, b * perImage, perImage);
            batchLabels[b] = labels[i];
        }
        return new Batch(Tensor.wrap(out, indices.length, shape[0], shape[1], shape[2]), batchLabels);
    }

    /** The first n items (a copy): a quick smaller dataset for smoke tests. */
    public ImageDataset head(int n) {
        if (n < 0 || n > size()) throw new IllegalArgumentException(source + ": head(" + n + ") of " + size() + " items");
        return new ImageDataset(source, Arrays.copyOf(pixels, n * perImage), shape, Arrays.copyOf(labels, n), classes);
    }

    private int checked(int i) {
        if (i < 0 || i >= labels.length) throw new IndexOutOfBoundsException(source + ": item " + i + " outside [0, " + labels.length + ")");
        return i;
    }

    @Override
    public String toString() {
        return "ImageDataset(" + source + ", " + size() + " images of " + Arrays.toString(shape) + ", " + classes.size() + " classes)";
    }
}

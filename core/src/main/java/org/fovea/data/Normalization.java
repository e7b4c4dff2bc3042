package org.fovea.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.fovea.tensor.Tensor;

/**
 * Input normalisation fitted on a training set, stored with a model so evaluation and prediction apply
 * exactly the same: x ↦ (x − mean) / std, either per channel or per pixel (the CS231n "subtract the mean
 * image", std = 1). Serialises to a JSON-friendly map.
 *
 * <p>Shape: mean and std have the element count of {@code shape}, which is (C, 1, 1) per channel or
 * (C, H, W) for a mean image; applies to (C, H, W) images and (N, C, H, W) batches.
 */
public record Normalization(int[] shape, float[] mean, float[] std) implements Transform {
    public Normalization {
        shape = shape.clone();
        mean = mean.clone();
        std = std.clone();
        int n = shape.length == 3 ? shape[0] * shape[1] * shape[2] : -1;
        if (n <= 0 || mean.length != n || std.length != n) {
            throw new IllegalArgumentException("Normalization: shape " + Arrays.toString(shape) + " needs " + n + " means and stds, got " + mean.length + " and " + std.length);
        }
        for (float s : std) if (!(s > 0)) throw new IllegalArgumentException("Normalization: std must be > 0, got " + s);
    }

    /** Mean and (population) standard deviation of each channel over all pixels of all images. */
    public static Normalization perChannel(Dataset data) {
        int[] s = data.imageShape();
        int c = s[0], hw = s[1] * s[2];
        double[] sum = new double[c], sq = new double[c];
        forEachBatch(data, (d, count) -> {
            for (int b = 0; b < count; b++) {
                for (int ch = 0; ch < c; ch++) {
                    int base = (b * c + ch) * hw;
                    double s1 = 0, s2 = 0;
                    for (int p = 0; p < hw; p++) {
                        double v = d[base + p];
                        s1 += v;
                        s2 += v * v;
                    }
                    sum[ch] += s1;
                    sq[ch] += s2;
                }
            }
        });
        double n = (double) data.size() * hw;
        float[] mean = new float[c], std = new float[c];
        for (int ch = 0; ch < c; ch++) {
            mean[ch] = (float) (sum[ch] / n);
            std[ch] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, sq[ch] / n - (sum[ch] / n) * (sum[ch] / n))));
        }
        return new Normalization(new int[] {c, 1, 1}, mean, std);
    }

    /** The mean image (std 1): every pixel and channel centred on its training-set mean. */
    public static Normalization meanImage(Dataset data) {
        int[] s = data.imageShape();
        int per = s[0] * s[1] * s[2];
        double[] sum = new double[per];
        forEachBatch(data, (d, count) -> {
            for (int b = 0; b < count; b++) for (int i = 0; i < per; i++) sum[i] += d[b * per + i];
        });
        float[] mean = new float[per], std = new float[per];
        for (int i = 0; i < per; i++) {
            mean[i] = (float) (sum[i] / data.size());
            std[i] = 1f;
        }
        return new Normalization(s, mean, std);
    }

    /** (x − mean) / std for a (C, H, W) image or an (N, C, H, W) batch; a new tensor. */
    public Tensor apply(Tensor x) {
        Tensor in = x.contiguous();
        int[] s = in.shape();
        int lead = s.length == 4 ? s[0] : 1, c = s[s.length - 3], hw = s[s.length - 2] * s[s.length - 1];
        boolean perPixel = shape[1] != 1 || shape[2] != 1;
        if ((s.length != 3 && s.length != 4) || c != shape[0] || (perPixel && (s[s.length - 2] != shape[1] || s[s.length - 1] != shape[2]))) {
            throw new IllegalArgumentException("Normalization: fitted for images " + Arrays.toString(shape) + ", got shape " + Arrays.toString(s));
        }
        float[] src = in.data(), out = new float[in.numel()];
        int off = in.offset();
        for (int n = 0; n < lead; n++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (n * c + ch) * hw;
                for (int p = 0; p < hw; p++) {
                    int k = perPixel ? ch * hw + p : ch;
                    out[base + p] = (src[off + base + p] - mean[k]) / std[k];
                }
            }
        }
        return Tensor.wrap(out, s);
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) { return apply(image); }

    /** {"shape": [...], "mean": [...], "std": [...]}, ready for a JSON checkpoint header. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shape", IntStream.of(shape).boxed().toList());
        m.put("mean", floats(mean));
        m.put("std", floats(std));
        return m;
    }

    /** Inverse of {@link #toMap}; numbers may be any {@link Number} (as a JSON parser returns them). */
    public static Normalization fromMap(Map<String, ?> m) {
        List<?> shape = list(m, "shape"), mean = list(m, "mean"), std = list(m, "std");
        return new Normalization(shape.stream().mapToInt(v -> ((Number) v).intValue()).toArray(), toFloats(mean), toFloats(std));
    }

    private static List<Double> floats(float[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (float f : v) out.add((double) f);
        return out;
    }

    private static float[] toFloats(List<?> v) {
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) v.get(i)).floatValue();
        return out;
    }

    private static List<?> list(Map<String, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> l)) throw new IllegalArgumentException("Normalization.fromMap: missing list \"" + key + "\" in " + m.keySet());
        return l;
    }

    private interface BatchVisitor {
        void visit(float[] images, int count);
    }

    private static void forEachBatch(Dataset data, BatchVisitor visitor) {
        if (data.size() == 0) throw new IllegalArgumentException("Normalization: empty dataset");
        for (int start = 0; start < data.size(); start += 512) {
            int[] idx = IntStream.range(start, Math.min(data.size(), start + 512)).toArray();
            visitor.visit(data.batch(idx).images().data(), idx.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(shape, n.shape) && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(mean) * 31 + Arrays.hashCode(std); }

    @Override
    public String toString() {
        return "Normalization(shape=" + Arrays.toString(shape) + ", mean=" + (mean.length <= 4 ? Arrays.toString(mean) : mean.length + " values")
                + ", std=" + (std.length <= 4 ? Arrays.toString(std) : std.length + " values") + ")";
    }
}

package org.fovea.data;

import java.util.random.RandomGenerator;
import org.fovea.tensor.Tensor;

/**
 * Random brightness, contrast and saturation changes, in that order (as torchvision's ColorJitter, but a
 * fixed order so that one seed gives one result). Each factor f is uniform in [max(0, 1 − s), 1 + s] for
 * strength s: brightness x·f; contrast blends with the mean grey level, saturation with each pixel's grey
 * (ITU-R 601 luma) value: f·x + (1 − f)·grey. Results are clamped to [0, 1]; saturation needs RGB.
 *
 * <p>Shape: (C, H, W) → (C, H, W).
 */
public record ColorJitter(float brightness, float contrast, float saturation) implements Transform {
    public ColorJitter {
        if (brightness < 0 || contrast < 0 || saturation < 0) throw new IllegalArgumentException("ColorJitter: strengths must be >= 0");
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        float fb = factor(brightness, rng), fc = factor(contrast, rng), fs = factor(saturation, rng);
        Tensor x = ImageOps.chw("ColorJitter", image);
        int c = x.size(0), hw = x.size(1) * x.size(2);
        float[] d = new float[c * hw];
        System.arraycopy(x.data(), x.offset(), d, 0, d.length);
        for (int i = 0; i < d.length; i++) d[i] = clamp(d[i] * fb);
        double meanGrey = 0;
        for (int i = 0; i < hw; i++) meanGrey += grey(d, c, hw, i);
        float m = (float) (meanGrey / hw);
        for (int i = 0; i < d.length; i++) d[i] = clamp(fc * d[i] + (1 - fc) * m);
        if (c == 3) {
            for (int i = 0; i < hw; i++) {
                float g = grey(d, c, hw, i);
                for (int ch = 0; ch < 3; ch++) d[ch * hw + i] = clamp(fs * d[ch * hw + i] + (1 - fs) * g);
            }
        }
        return Tensor.wrap(d, x.shape());
    }

    private static float factor(float strength, RandomGenerator rng) {
        double lo = Math.max(0, 1 - strength);
        return (float) (lo + (1 + strength - lo) * rng.nextDouble());
    }

    private static float grey(float[] d, int c, int hw, int i) {
        return c == 3 ? 0.299f * d[i] + 0.587f * d[hw + i] + 0.114f * d[2 * hw + i] : d[i];
    }

    private static float clamp(float v) {
        return Math.min(1f, Math.max(0f, v));
    }
}

package org.fovea.viz;

import java.util.random.RandomGenerator;
import org.fovea.tensor.Tensor;

/**
 * Class visualisation by gradient ascent (Simonyan et al. 2014, §2; Yosinski et al. 2015, "Understanding
 * Neural Networks Through Deep Visualization", §3): the image I* = argmax_I S_y(I) − λ‖Î‖² that the model
 * scores highest for class y, where Î is the normalised image the model sees. Yosinski's regularisers keep
 * it natural-looking: L2 decay (the λ term), random jitter (the image is shifted by up to J pixels before each
 * step and shifted back after, so no single pixel alignment is exploited) and a Gaussian blur every few steps
 * (which removes the high frequencies the gradient favours). Each step has fixed RMS length per pixel, as in
 * CS231n assignment 3's normalised gradient step, and pixels are kept in [0, 1].
 *
 * <p>Shape: → a (C, H, W) image in [0, 1] of the model's input shape.
 *
 * @param steps gradient-ascent steps
 * @param learningRate RMS change of a pixel per step (pixel values in [0, 1])
 * @param l2 λ, the weight of the L2 penalty on the normalised image
 * @param jitter J, the largest shift in pixels
 * @param blurEvery blur every this many steps (0 = never)
 * @param blurSigma σ of the Gaussian blur in pixels
 */
public record ClassVisualization(int steps, float learningRate, float l2, int jitter, int blurEvery, float blurSigma) {
    public ClassVisualization {
        if (steps < 1 || !(learningRate > 0) || l2 < 0 || jitter < 0 || blurEvery < 0 || !(blurSigma > 0)) {
            throw new IllegalArgumentException("class visualisation: need steps >= 1, learning rate > 0, l2 >= 0, jitter >= 0, blur every >= 0, blur sigma > 0");
        }
    }

    /** Defaults for small (28–32 pixel) inputs: 200 steps of 0.01 per pixel, λ = 1e-3, jitter 2, blur σ = 0.5 every 10 steps. */
    public static ClassVisualization defaults() { return new ClassVisualization(200, 0.01f, 1e-3f, 2, 10, 0.5f); }

    /** The image of {@code target}, starting from grey with a little noise. */
    public Tensor generate(Probe probe, int target, RandomGenerator rng) {
        int[] s = probe.inputShape();
        Tensor x = Tensor.randn(rng, 1, s[0], s[1], s[2]).mul(0.02f).add(0.5f);
        int pixels = x.numel();
        for (int t = 0; t < steps; t++) {
            int dy = jitter == 0 ? 0 : rng.nextInt(-jitter, jitter + 1), dx = jitter == 0 ? 0 : rng.nextInt(-jitter, jitter + 1);
            Tensor shifted = roll(x, dy, dx);
            Tensor g = probe.inputGradient(shifted, v -> {
                var normalized = probe.normalize(v);
                return Saliency.selectedScores(probe.model().forward(normalized), new int[] {target}).sub(normalized.pow(2f).sum().mul(l2));
            }).grad();
            float rms = (float) Math.sqrt(g.pow(2f).sum().item() / pixels);
            if (rms > 0) shifted = shifted.add(g.mul(learningRate / rms));
            x = clamp01(roll(shifted, -dy, -dx));
            if (blurEvery > 0 && (t + 1) % blurEvery == 0) x = blur(x, blurSigma);
        }
        return x.select(0, 0).contiguous();
    }

    /** Circular shift by (dy, dx) pixels. Shape: (N, C, H, W) → same. */
    static Tensor roll(Tensor x, int dy, int dx) {
        Tensor c = x.contiguous();
        int n = c.size(0) * c.size(1), h = c.size(2), w = c.size(3);
        float[] src = c.toArray(), out = new float[src.length];
        for (int p = 0; p < n; p++) {
            for (int y = 0; y < h; y++) {
                int yy = Math.floorMod(y + dy, h);
                for (int xx = 0; xx < w; xx++) out[(p * h + yy) * w + Math.floorMod(xx + dx, w)] = src[(p * h + y) * w + xx];
            }
        }
        return Tensor.wrap(out, c.shape());
    }

    /** Separable Gaussian blur (radius ⌈2σ⌉, edges clamped). Shape: (N, C, H, W) → same. */
    static Tensor blur(Tensor x, float sigma) {
        int r = Math.max(1, (int) Math.ceil(2 * sigma));
        float[] k = new float[2 * r + 1];
        float sum = 0;
        for (int i = -r; i <= r; i++) sum += k[i + r] = (float) Math.exp(-i * i / (2.0 * sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        Tensor c = x.contiguous();
        int n = c.size(0) * c.size(1), h = c.size(2), w = c.size(3);
        float[] src = c.toArray(), tmp = new float[src.length], out = new float[src.length];
        for (int p = 0; p < n; p++) {
            int base = p * h * w;
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    float a = 0;
                    for (int i = -r; i <= r; i++) a += k[i + r] * src[base + y * w + Math.clamp(xx + i, 0, w - 1)];
                    tmp[base + y * w + xx] = a;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    float a = 0;
                    for (int i = -r; i <= r; i++) a += k[i + r] * tmp[base + Math.clamp(y + i, 0, h - 1) * w + xx];
                    out[base + y * w + xx] = a;
                }
            }
        }
        return Tensor.wrap(out, c.shape());
    }

    private static Tensor clamp01(Tensor x) {
        float[] d = x.contiguous().toArray();
        for (int i = 0; i < d.length; i++) d[i] = Math.min(1f, Math.max(0f, d[i]));
        return Tensor.wrap(d, x.shape());
    }
}

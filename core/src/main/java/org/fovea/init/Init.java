package org.fovea.init;

import java.util.random.RandomGenerator;
import org.fovea.tensor.Tensor;

/**
 * Weight initialisers (as {@code torch.nn.init}): each fills a tensor in place from an explicit, seeded
 * {@link RandomGenerator} and returns it. Fans come from {@link #fans(int[])}.
 * <pre>
 *   Xavier / Glorot (Glorot &amp; Bengio 2010, Eq. 16):  U(±g·√(6 / (fan_in + fan_out))),  N(0, g²·2 / (fan_in + fan_out))
 *   He / Kaiming (He et al. 2015, Eq. 10):            U(±g·√(3 / fan_in)),               N(0, g² / fan_in)
 * </pre>
 * For He the default gain g = √2 (ReLU, see {@link #gain}) gives the familiar U(±√(6 / fan_in)) and
 * N(0, 2 / fan_in) of CS231n lecture 6; Xavier's default gain is 1. He uses fan_in, which keeps the
 * variance of the forward activations constant (the paper's "forward" case, PyTorch's mode='fan_in').
 */
public final class Init {
    private Init() {}

    /** Fan-in and fan-out of a weight tensor. */
    public record Fans(int fanIn, int fanOut) {}

    /**
     * As PyTorch's {@code _calculate_fan_in_and_fan_out}: a Linear weight (out, in) has fan_in = in and
     * fan_out = out; a convolution kernel (k, c/groups, r, s, …) has fan_in = c/groups·r·s and fan_out = k·r·s.
     */
    public static Fans fans(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("fans: need a weight of at least 2 dimensions (out, in, ...), got shape "
                    + java.util.Arrays.toString(shape));
        }
        int receptive = 1;
        for (int d = 2; d < shape.length; d++) receptive *= shape[d];
        return new Fans(shape[1] * receptive, shape[0] * receptive);
    }

    /**
     * The recommended gain for a nonlinearity (as {@code torch.nn.init.calculate_gain}): 1 for "linear",
     * "conv2d" and "sigmoid", 5/3 for "tanh", √2 for "relu"; "leaky_relu" uses {@link #leakyReluGain}.
     */
    public static double gain(String nonlinearity) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "sigmoid" -> 1;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2);
            case "leaky_relu" -> leakyReluGain(0.01);
            default -> throw new IllegalArgumentException("gain: unknown nonlinearity '" + nonlinearity
                    + "' (linear, conv1d, conv2d, conv3d, sigmoid, tanh, relu, leaky_relu)");
        };
    }

    /** √(2 / (1 + slope²)) for a leaky ReLU of the given negative slope. */
    public static double leakyReluGain(double slope) { return Math.sqrt(2 / (1 + slope * slope)); }

    // ---- fills ------------------------------------------------------------------------------------

    /** Fills with N(mean, std²). */
    public static Tensor normal(Tensor t, double mean, double std, RandomGenerator rng) {
        if (!(std >= 0) || Double.isInfinite(std)) throw new IllegalArgumentException("normal: std must be in [0, ∞), got " + std);
        float[] v = new float[t.numel()];
        for (int i = 0; i < v.length; i++) v[i] = (float) (mean + std * rng.nextGaussian());
        return write(t, v);
    }

    /** Fills with U(a, b): values in [a, b). */
    public static Tensor uniform(Tensor t, double a, double b, RandomGenerator rng) {
        if (!(a < b) || Double.isInfinite(b - a)) throw new IllegalArgumentException("uniform: need a < b (finite), got a = " + a + ", b = " + b);
        float hi = (float) b;
        float[] v = new float[t.numel()];
        for (int i = 0; i < v.length; i++) {
            float x = (float) (a + (b - a) * rng.nextDouble());
            // NOTE: rounding to float can land on b itself; keep the interval half-open as torch.rand does.
            v[i] = x >= hi ? Math.nextDown(hi) : x;
        }
        return write(t, v);
    }

    /** Xavier / Glorot uniform with gain 1: U(±√(6 / (fan_in + fan_out))). */
    public static Tensor xavierUniform(Tensor t, RandomGenerator rng) { return xavierUniform(t, 1, rng); }

    public static Tensor xavierUniform(Tensor t, double gain, RandomGenerator rng) {
        Fans f = fans(t.shape());
        double bound = checkGain("xavierUniform", gain) * Math.sqrt(6.0 / (f.fanIn() + f.fanOut()));
        return uniform(t, -bound, bound, rng);
    }

    /** Xavier / Glorot normal with gain 1: N(0, 2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor t, RandomGenerator rng) { return xavierNormal(t, 1, rng); }

    public static Tensor xavierNormal(Tensor t, double gain, RandomGenerator rng) {
        Fans f = fans(t.shape());
        return normal(t, 0, checkGain("xavierNormal", gain) * Math.sqrt(2.0 / (f.fanIn() + f.fanOut())), rng);
    }

    /** He / Kaiming uniform for ReLU (gain √2): U(±√(6 / fan_in)). */
    public static Tensor kaimingUniform(Tensor t, RandomGenerator rng) { return kaimingUniform(t, Math.sqrt(2), rng); }

    public static Tensor kaimingUniform(Tensor t, double gain, RandomGenerator rng) {
        double bound = checkGain("kaimingUniform", gain) * Math.sqrt(3.0 / fans(t.shape()).fanIn());
        return uniform(t, -bound, bound, rng);
    }

    /** He / Kaiming normal for ReLU (gain √2): N(0, 2 / fan_in). */
    public static Tensor kaimingNormal(Tensor t, RandomGenerator rng) { return kaimingNormal(t, Math.sqrt(2), rng); }

    public static Tensor kaimingNormal(Tensor t, double gain, RandomGenerator rng) {
        return normal(t, 0, checkGain("kaimingNormal", gain) / Math.sqrt(fans(t.shape()).fanIn()), rng);
    }

    public static Tensor zeros(Tensor t) { return t.fill(0f); }

    public static Tensor constant(Tensor t, double value) { return t.fill((float) value); }

    private static double checkGain(String op, double gain) {
        if (!(gain > 0) || Double.isInfinite(gain)) throw new IllegalArgumentException(op + ": gain must be in (0, ∞), got " + gain);
        return gain;
    }

    /** Writes values (in row-major order) into t, which may be a view. */
    private static Tensor write(Tensor t, float[] values) {
        if (t.isContiguous()) System.arraycopy(values, 0, t.data(), t.offset(), values.length);
        else t.copyFrom(Tensor.wrap(values, t.shape()));
        return t;
    }
}

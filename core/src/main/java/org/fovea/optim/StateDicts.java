package org.fovea.optim;

import java.util.Map;
import org.fovea.tensor.Tensor;

/**
 * Exact storage of double scalars (learning rates, step counts, best metrics) in float32 state dicts.
 *
 * <p>A double d = m·2ᵉ (m ∈ [1, 2)) is stored as a tensor of shape (4): three floats a = fl(m), b = fl(m − a),
 * c = m − a − b (each subtraction is exact in double, and 3 × 24 ≥ 53 significant bits) and the exponent e;
 * (a + (b + c))·2ᵉ gives d back bit for bit, whatever its range. A resumed run therefore continues with
 * exactly the learning rate it stopped with.
 */
public final class StateDicts {
    private StateDicts() {}

    /** The double as an exact 3-float tensor. */
    public static Tensor exact(double d) {
        if (!Double.isFinite(d) || d == 0) return Tensor.of(new float[] {(float) d, 0, 0, 0}, 4);
        int e = Math.getExponent(d);
        double m = Math.scalb(d, -e);
        float a = (float) m;
        double r = m - a;
        float b = (float) r;
        float c = (float) (r - b);
        return Tensor.of(new float[] {a, b, c, e}, 4);
    }

    /** The double stored by {@link #exact(double)}. */
    public static double value(Tensor t) {
        if (t.numel() != 4) throw new IllegalArgumentException("StateDicts.value: expected an exact scalar of 4 floats, got shape " + java.util.Arrays.toString(t.shape()));
        float[] v = t.toArray();
        if (!Float.isFinite(v[0]) || v[0] == 0) return v[0];
        return Math.scalb(v[0] + ((double) v[1] + v[2]), (int) v[3]);
    }

    /** The exact scalar stored under key, or an error naming the owner if it is missing. */
    public static double exactValue(String owner, Map<String, Tensor> dict, String key) {
        Tensor t = dict.get(key);
        if (t == null) throw new IllegalArgumentException(owner + ".loadStateDict: missing key '" + key + "'");
        return value(t);
    }
}

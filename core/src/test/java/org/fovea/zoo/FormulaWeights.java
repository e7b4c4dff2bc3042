package org.fovea.zoo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;

/**
 * Deterministic weights that scripts/golden/zoo_parity.py generates identically for torchvision's models (see
 * its docstring for the formula). Tensor k is the k-th entry of {@link Module#stateDict()}: parameters in
 * module order, then buffers; every value is computed in float64 with exact integer hashing and rounded to
 * float32, so both sides hold bit-identical weights.
 */
final class FormulaWeights {
    private FormulaWeights() {}

    /** Loads the formula's values into every parameter and buffer; returns their float64 sum (a checksum). */
    static double load(Module model) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        double checksum = 0;
        int k = 0;
        for (var e : model.stateDict().entrySet()) {
            Tensor t = formula(k++, e.getKey(), e.getValue().shape());
            for (float f : t.data()) checksum += f;
            state.put(e.getKey(), t);
        }
        model.loadStateDict(state);
        return checksum;
    }

    /** The input: value v of tensor k = −1. */
    static Tensor input(int... shape) {
        float[] v = new float[Tensor.zeros(shape).numel()];
        for (int i = 0; i < v.length; i++) v[i] = (float) value(-1, i);
        return Tensor.wrap(v, shape);
    }

    static Tensor formula(int k, String name, int[] shape) {
        String last = name.substring(name.lastIndexOf('.') + 1);
        int n = 1;
        for (int s : shape) n *= s;
        float[] out = new float[n];
        double scale = shape.length >= 2 ? Math.sqrt(6.0 / (n / shape[0])) : 0;
        for (int i = 0; i < n; i++) {
            double v = value(k, i);
            double x = switch (last) {
                case "weight" -> shape.length >= 2 ? v * scale : 1.0 + 0.25 * v;
                case "bias", "running_mean" -> 0.1 * v;
                case "running_var" -> 1.0 + 0.5 * v;
                default -> throw new IllegalArgumentException("no formula for " + name);
            };
            out[i] = (float) x;
        }
        return Tensor.wrap(out, shape);
    }

    /** v = 2·h/2³² − 1 with h = (i·2654435761 + (k + 1)·40503) mod 2³². */
    private static double value(int k, long i) {
        long h = (i * 2654435761L + (k + 1) * 40503L) & 0xFFFFFFFFL;
        return h / 4294967296.0 * 2.0 - 1.0;
    }
}

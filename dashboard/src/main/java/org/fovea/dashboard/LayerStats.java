package org.fovea.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.nn.Module;
import org.fovea.nn.Sequential;
import org.fovea.tensor.Tensor;

/**
 * The numbers behind CS231n's "babysitting the learning process" (lecture 6): per layer, the mean, standard
 * deviation and histogram of weights, of their gradients and of activations (collapsing or saturating
 * activations show here first), and the update:parameter ratio ‖Δw‖ / ‖w‖, which should be near 1e-3.
 */
final class LayerStats {
    /** Bins of every histogram. */
    static final int BINS = 24;

    private LayerStats() {}

    /** Mean, std, min, max and a {@link #BINS}-bin histogram over [min, max] of a tensor's values. */
    static Map<String, Object> summary(Tensor t) {
        Tensor c = t.contiguous();
        float[] d = c.data();
        int off = c.offset(), n = c.numel();
        double sum = 0, sq = 0;
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = off; i < off + n; i++) {
            float v = d[i];
            sum += v;
            sq += (double) v * v;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (n == 0 || !Double.isFinite(sum) || !Double.isFinite(sq)) {
            m.put("finite", false);
            return m;
        }
        double mean = sum / n;
        m.put("mean", mean);
        m.put("std", Math.sqrt(Math.max(sq / n - mean * mean, 0)));
        m.put("min", (double) lo);
        m.put("max", (double) hi);
        int[] counts = new int[BINS];
        float width = (hi - lo) / BINS;
        for (int i = off; i < off + n; i++) {
            int b = width > 0 ? (int) ((d[i] - lo) / width) : BINS / 2;
            counts[Math.min(Math.max(b, 0), BINS - 1)]++;
        }
        List<Integer> hist = new ArrayList<>(BINS);
        for (int v : counts) hist.add(v);
        m.put("hist", hist);
        return m;
    }

    /** ‖now − before‖ / ‖before‖; NaN when before is all zeros. */
    static double updateRatio(Tensor before, Tensor now) {
        Tensor a = before.contiguous(), b = now.contiguous();
        float[] x = a.data(), y = b.data();
        int ox = a.offset(), oy = b.offset(), n = a.numel();
        double diff = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double d = y[oy + i] - x[ox + i];
            diff += d * d;
            norm += (double) x[ox + i] * x[ox + i];
        }
        return norm == 0 ? Double.NaN : Math.sqrt(diff / norm);
    }

    /**
     * The output of every leaf layer of the model (walking nested Sequentials; any other module, a residual
     * block say, is one layer) for a batch, in evaluation mode without gradients; the mode is restored after.
     */
    static Map<String, Tensor> activations(Module model, Tensor input) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var scope = GradMode.noGrad()) {
            Variable x = Variable.of(input);
            if (model instanceof Sequential s) walk("", s, x, out);
            else out.put(model.getClass().getSimpleName(), model.forward(x).data());
        } finally {
            model.train(wasTraining);
        }
        return out;
    }

    private static Variable walk(String prefix, Sequential s, Variable x, Map<String, Tensor> out) {
        for (int i = 0; i < s.size(); i++) {
            String name = prefix.isEmpty() ? Integer.toString(i) : prefix + "." + i;
            if (s.get(i) instanceof Sequential inner) {
                x = walk(name, inner, x, out);
            } else {
                x = s.get(i).forward(x);
                out.put(name + " " + s.get(i).getClass().getSimpleName(), x.data());
            }
        }
        return x;
    }
}

package org.fovea.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.fovea.autograd.Variable;
import org.fovea.kernel.Lanes;
import org.fovea.tensor.Tensor;

/**
 * Base of the first-order optimisers (as {@code torch.optim.Optimizer}): holds the model's parameters, a
 * learning rate that schedules may change between steps, and per-parameter state (momentum buffers, squared
 * gradient caches, step counts) created lazily the first time a parameter receives a gradient.
 *
 * <p>{@link #step()} updates every parameter's {@code data()} in place from its accumulated {@code grad()};
 * parameters whose gradient is null (no backward reached them) or that are frozen ({@code requiresGrad()}
 * false) are skipped and their state is left untouched. {@link #stateDict()} / {@link #loadStateDict} save
 * and restore everything a resumed run needs to continue bit for bit: keys {@code "lr"}, {@code "step"} (the
 * number of {@code step()} calls) and {@code "state.<i>.<name>"} for parameter {@code i} of the list.
 */
public abstract class Optimizer {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private final String name;
    private final List<Variable> params;
    private final List<Map<String, Tensor>> state;
    private double lr;
    private long steps;

    protected Optimizer(String name, List<Variable> params, double lr) {
        this.name = name;
        if (params == null || params.isEmpty()) throw new IllegalArgumentException(name + ": params is empty; pass model.parameters()");
        this.params = List.copyOf(params);
        this.state = new ArrayList<>();
        for (int i = 0; i < this.params.size(); i++) state.add(new LinkedHashMap<>());
        this.lr = checkAtLeast("lr", lr, 0);
    }

    /** Updates the parameter {@code index} in place; param and grad are contiguous and of the same shape. */
    protected abstract void update(int index, Tensor param, Tensor grad);

    /** Applies one update to every parameter that has a gradient and is not frozen. */
    public final void step() {
        steps++;
        for (int i = 0; i < params.size(); i++) {
            Variable p = params.get(i);
            Tensor g = p.grad();
            if (!p.requiresGrad() || g == null) continue;
            Tensor x = p.data();
            if (!Arrays.equals(x.shape(), g.shape())) {
                throw new IllegalStateException(name + ": parameter " + i + " has shape " + Arrays.toString(x.shape())
                        + " but its gradient has shape " + Arrays.toString(g.shape()));
            }
            if (!x.isContiguous()) throw new IllegalStateException(name + ": parameter " + i + " is a non-contiguous view; optimisers update contiguous tensors only");
            update(i, x, g.contiguous());
        }
    }

    /** Forgets the gradients of all parameters (as {@code optimizer.zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        for (Variable p : params) p.zeroGrad();
    }

    public double lr() { return lr; }

    /** Sets the learning rate used by the following steps (what schedules call). */
    public void setLr(double lr) { this.lr = checkAtLeast("lr", lr, 0); }

    /** The number of {@link #step()} calls so far. */
    public long stepCount() { return steps; }

    public List<Variable> params() { return params; }

    public String name() { return name; }

    /** The named state tensor of a parameter, or null if it has not been created yet. */
    public Tensor state(int index, String key) { return state.get(index).get(key); }

    /** The named state of a parameter, created filled with zeros in the given shape on first use. */
    protected Tensor stateOrZeros(int index, String key, int... shape) {
        return state.get(index).computeIfAbsent(key, k -> Tensor.zeros(shape));
    }

    /** Increments and returns the per-parameter step count (kept as a 1-element tensor, as PyTorch does). */
    protected int incrementStep(int index) {
        Tensor t = stateOrZeros(index, "step", 1);
        // NOTE: float counts are exact up to 2^24 ≈ 16.7 M updates of one parameter, far beyond any run here.
        t.data()[0] += 1;
        return (int) t.data()[0];
    }

    // ---- checkpoints ------------------------------------------------------------------------------

    /** A snapshot (copies) of the optimiser's state: "lr", "step" and every "state.<i>.<name>". */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("lr", StateDicts.exact(lr));
        out.put("step", StateDicts.exact(steps));
        for (int i = 0; i < state.size(); i++) {
            for (Map.Entry<String, Tensor> e : state.get(i).entrySet()) out.put("state." + i + "." + e.getKey(), e.getValue().copy());
        }
        return out;
    }

    /** Replaces the state with a copy of one saved by {@link #stateDict()} of an optimiser of the same kind. */
    public void loadStateDict(Map<String, Tensor> dict) {
        List<Map<String, Tensor>> loaded = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) loaded.add(new LinkedHashMap<>());
        for (Map.Entry<String, Tensor> e : dict.entrySet()) {
            String key = e.getKey();
            if (key.equals("lr") || key.equals("step")) continue;
            String[] parts = key.split("\\.", 3);
            int i = parts.length == 3 && parts[0].equals("state") ? parseIndex(parts[1]) : -1;
            if (i < 0 || i >= params.size()) {
                throw new IllegalArgumentException(name + ".loadStateDict: unexpected key '" + key + "' (" + params.size() + " parameters)");
            }
            Tensor t = e.getValue();
            int[] want = parts[2].equals("step") ? new int[] {1} : params.get(i).shape();
            if (!Arrays.equals(t.shape(), want)) {
                throw new IllegalArgumentException(name + ".loadStateDict: '" + key + "' has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(want));
            }
            loaded.get(i).put(parts[2], t.copy());
        }
        double newLr = StateDicts.exactValue(name, dict, "lr");
        long newSteps = (long) StateDicts.exactValue(name, dict, "step");
        setLr(newLr);
        steps = newSteps;
        for (int i = 0; i < params.size(); i++) {
            state.get(i).clear();
            state.get(i).putAll(loaded.get(i));
        }
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- gradient clipping ------------------------------------------------------------------------

    /**
     * Rescales all gradients so that their global L2 norm is at most {@code maxNorm} (as
     * {@code torch.nn.utils.clip_grad_norm_}: g ← g · min(1, maxNorm / (‖g‖ + 1e-6))) and returns the norm
     * ‖g‖ = √(Σ g²) over every parameter with a gradient, measured before clipping.
     */
    public static double clipGradNorm(List<Variable> params, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be in (0, ∞), got " + maxNorm);
        }
        double sumSq = 0;
        for (Variable p : params) {
            Tensor g = p.grad();
            if (g != null) sumSq += sumOfSquares(g.contiguous());
        }
        double total = Math.sqrt(sumSq);
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1) {
            for (Variable p : params) if (p.grad() != null) p.grad().mulInPlace((float) coef);
        }
        return total;
    }

    /** Σ x² over a contiguous tensor: float vector partial sums, added in double every block. */
    static double sumOfSquares(Tensor t) {
        float[] a = t.data();
        int off = t.offset();
        int n = t.numel();
        double total = 0;
        for (int start = 0; start < n; start += 4096) {
            int len = Math.min(4096, n - start);
            int base = off + start;
            FloatVector acc = FloatVector.zero(S);
            int i = 0;
            for (int bound = S.loopBound(len); i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, a, base + i);
                acc = v.fma(v, acc);
            }
            double block = Lanes.sum(acc);
            for (; i < len; i++) block += (double) a[base + i] * a[base + i];
            total += block;
        }
        return total;
    }

    // ---- argument validation (messages name the optimiser, the argument, the value and the range) ---

    protected final double checkAtLeast(String arg, double value, double min) {
        if (!(value >= min) || Double.isInfinite(value)) throw rangeError(arg, value, "[" + fmt(min) + ", ∞)");
        return value;
    }

    protected final double checkPositive(String arg, double value) {
        if (!(value > 0) || Double.isInfinite(value)) throw rangeError(arg, value, "(0, ∞)");
        return value;
    }

    /** Checks value ∈ [0, 1). */
    protected final double checkUnitInterval(String arg, double value) {
        if (!(value >= 0 && value < 1)) throw rangeError(arg, value, "[0, 1)");
        return value;
    }

    protected final IllegalArgumentException rangeError(String arg, double value, String range) {
        return new IllegalArgumentException(name + ": " + arg + " must be in " + range + ", got " + value);
    }

    private static String fmt(double v) { return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v); }

    @Override
    public String toString() { return name + "(lr=" + lr + ", params=" + params.size() + ")"; }
}

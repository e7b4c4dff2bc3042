package org.fovea.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * A layer or a model (as torch.nn.Module): it owns named parameters (trainable {@link Variable} leaves),
 * buffers (state that is saved but not trained, such as BatchNorm's running statistics) and submodules,
 * and a training flag. Names are dotted paths ("features.0.weight") in registration order.
 */
public abstract class Module {
    private final Map<String, Variable> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The computation of this module. */
    public abstract Variable forward(Variable x);

    /** Same as {@link #forward(Variable)} on a constant input tensor. */
    public Variable forward(Tensor x) { return forward(Variable.of(x)); }

    protected Variable registerParameter(String name, Tensor value) {
        Variable p = Variable.param(value);
        parameters.put(checkName(name), p);
        return p;
    }

    protected Tensor registerBuffer(String name, Tensor value) {
        buffers.put(checkName(name), value);
        return value;
    }

    protected <M extends Module> M registerModule(String name, M module) {
        children.put(checkName(name), module);
        return module;
    }

    private String checkName(String name) {
        if (name.isEmpty() || name.contains(".") || parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid or duplicate member name '" + name + "'");
        }
        return name;
    }

    /** Every parameter of this module and its submodules (each once), frozen ones included. */
    public List<Variable> parameters() {
        Set<Variable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Variable> out = new ArrayList<>();
        for (Variable v : namedParameters().values()) if (seen.add(v)) out.add(v);
        return out;
    }

    public Map<String, Variable> namedParameters() {
        Map<String, Variable> out = new LinkedHashMap<>();
        parameters.forEach(out::put);
        children.forEach((name, child) -> child.namedParameters().forEach((k, v) -> out.put(name + "." + k, v)));
        return out;
    }

    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        buffers.forEach(out::put);
        children.forEach((name, child) -> child.namedBuffers().forEach((k, v) -> out.put(name + "." + k, v)));
        return out;
    }

    public Map<String, Module> children() { return java.util.Collections.unmodifiableMap(children); }

    /** Parameter values and buffers by dotted name: everything needed to restore the model. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((k, v) -> out.put(k, v.data()));
        out.putAll(namedBuffers());
        return out;
    }

    /**
     * Copies values into this model's parameters and buffers. Strict: a missing or unexpected name, or a
     * shape mismatch, is an error naming the first offending tensor (and both shapes).
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = stateDict();
        for (var e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) throw new IllegalArgumentException("loadStateDict: missing tensor '" + e.getKey() + "'");
            if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("loadStateDict: tensor '" + e.getKey() + "' has shape " + Arrays.toString(src.shape())
                        + " but the model expects " + Arrays.toString(e.getValue().shape()));
            }
        }
        Set<String> unexpected = new LinkedHashSet<>(state.keySet());
        unexpected.removeAll(own.keySet());
        if (!unexpected.isEmpty()) throw new IllegalArgumentException("loadStateDict: unexpected tensors " + unexpected);
        own.forEach((k, v) -> v.copyFrom(state.get(k)));
    }

    /**
     * Copies every tensor of {@code state} whose name and shape match one of this model's (transfer learning:
     * a pretrained body into a model with a new head) and returns the names of this model's tensors that were
     * not loaded.
     */
    public List<String> loadMatching(Map<String, Tensor> state) {
        List<String> missing = new ArrayList<>();
        stateDict().forEach((k, v) -> {
            Tensor src = state.get(k);
            if (src != null && Arrays.equals(src.shape(), v.shape())) v.copyFrom(src);
            else missing.add(k);
        });
        return missing;
    }

    /** Training mode (dropout active, batch statistics) for this module and all submodules. */
    public Module train() { return train(true); }

    /** Evaluation mode (dropout off, running statistics). */
    public Module eval() { return train(false); }

    public Module train(boolean on) {
        training = on;
        children.values().forEach(c -> c.train(on));
        return this;
    }

    public boolean isTraining() { return training; }

    public void zeroGrad() { parameters().forEach(Variable::zeroGrad); }

    /** Stops (or restarts) training of every parameter here, e.g. the features of a transferred model. */
    public Module freeze(boolean frozen) {
        parameters().forEach(p -> p.requiresGrad(!frozen));
        return this;
    }

    /** Number of scalar parameters. */
    public long parameterCount() {
        long n = 0;
        for (Variable v : parameters()) n += v.numel();
        return n;
    }

    /** A one-line description of this module's own configuration, e.g. "in=784, out=10". */
    protected String extraRepr() { return ""; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            children.forEach((name, child) -> sb.append("  (").append(name).append("): ")
                    .append(child.toString().replace("\n", "\n  ")).append('\n'));
        }
        return sb.append(')').toString();
    }
}

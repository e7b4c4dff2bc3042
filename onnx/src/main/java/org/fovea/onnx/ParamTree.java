package org.fovea.onnx;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.fovea.autograd.Variable;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;

/**
 * Holds initializers in a tree of modules named after their dotted ONNX names ("features.0.weight" becomes
 * submodule features → 0 → parameter weight). A name that cannot be split (an empty part, or a clash with an
 * existing member) is kept whole with its dots replaced by '_'.
 */
abstract class ParamTree extends Module {
    private final Map<String, ParamTree> sub = new LinkedHashMap<>();
    private final Set<String> leaves = new HashSet<>();

    /** Registers a parameter (or, for running statistics, a buffer) and returns the variable that holds it. */
    Variable add(String name, Tensor value, boolean buffer) {
        String[] parts = name.split("\\.", -1);
        ParamTree at = this;
        boolean split = parts.length > 1 && Arrays.stream(parts).noneMatch(String::isEmpty);
        for (int i = 0; split && i < parts.length - 1; i++) {
            split = !at.leaves.contains(parts[i]);
            if (split) at = at.child(parts[i]);
        }
        String leaf = parts[parts.length - 1];
        if (!split || at.sub.containsKey(leaf) || at.leaves.contains(leaf)) {
            at = this;
            leaf = name.isEmpty() ? "_" : name.replace('.', '_');
            while (leaves.contains(leaf) || sub.containsKey(leaf)) leaf = leaf + "_";
        }
        at.leaves.add(leaf);
        if (buffer) return Variable.of(at.registerBuffer(leaf, value));
        return at.registerParameter(leaf, value);
    }

    private ParamTree child(String name) {
        return sub.computeIfAbsent(name, k -> registerModule(k, new Holder()));
    }

    private static final class Holder extends ParamTree {
        @Override
        public Variable forward(Variable x) { throw new UnsupportedOperationException("a parameter holder has no computation"); }
    }
}

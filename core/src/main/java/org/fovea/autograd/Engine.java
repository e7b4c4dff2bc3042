package org.fovea.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.fovea.tensor.Tensor;

/**
 * Reverse-mode differentiation over the recorded graph: a topological order from the root, then each
 * node's backward in reverse order, summing gradients that reach a variable along several paths.
 * The graph is released as it is walked, so a second backward through it is an error (as in PyTorch).
 */
final class Engine {
    private Engine() {}

    static void backward(Variable root, Tensor dRoot) {
        run(root, dRoot, null);
    }

    /**
     * The gradients of root with respect to wrt (as torch.autograd.grad): no variable's accumulated gradient
     * changes; an entry is null where root does not depend on that variable.
     */
    static Tensor[] gradients(Variable root, Tensor dRoot, List<Variable> wrt) {
        Map<Variable, Tensor> sink = new IdentityHashMap<>();
        for (Variable v : wrt) sink.put(v, null);
        run(root, dRoot, sink);
        Tensor[] out = new Tensor[wrt.size()];
        for (int i = 0; i < out.length; i++) out[i] = sink.get(wrt.get(i));
        return out;
    }

    /** Walks the graph; with a sink, the gradients of its keys go there and nothing accumulates. */
    private static void run(Variable root, Tensor dRoot, Map<Variable, Tensor> sink) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the output does not require a gradient (no input requires one, or it was computed under noGrad)");
        }
        if (!Arrays.equals(root.shape(), dRoot.shape())) {
            throw new IllegalArgumentException("backward: gradient of shape " + Arrays.toString(dRoot.shape())
                    + " for an output of shape " + Arrays.toString(root.shape()));
        }
        List<Variable> order = topologicalOrder(root);
        Map<Variable, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, dRoot);
        for (int i = order.size() - 1; i >= 0; i--) {
            Variable v = order.get(i);
            Tensor dOut = grads.remove(v);
            if (dOut == null) continue;
            if (sink != null) {
                if (sink.containsKey(v)) sink.put(v, dOut);
            } else if (v.node == null || v.retainsGrad()) {
                v.accumulateGrad(dOut);
            }
            if (v.node == null) continue;
            Node node = v.node;
            if (node.backward == null) {
                throw new IllegalStateException("backward: trying to go through the graph of '" + node.op
                        + "' a second time; its saved values were released after the first backward");
            }
            Tensor[] dInputs = node.backward.apply(dOut);
            node.backward = null;
            for (int k = 0; k < node.inputs.length; k++) {
                Variable in = node.inputs[k];
                if (!in.requiresGrad() || dInputs[k] == null) continue;
                if (!Arrays.equals(dInputs[k].shape(), in.shape())) {
                    throw new IllegalStateException("backward of '" + node.op + "' returned a gradient of shape "
                            + Arrays.toString(dInputs[k].shape()) + " for input " + k + " of shape " + Arrays.toString(in.shape()));
                }
                grads.merge(in, dInputs[k], Tensor::add);
            }
        }
    }

    /** Variables reachable from root that require gradients, inputs before the ops that use them. */
    private static List<Variable> topologicalOrder(Variable root) {
        List<Variable> order = new ArrayList<>();
        Map<Variable, Boolean> visited = new IdentityHashMap<>();
        // Iterative depth-first search: recurrent nets build graphs far deeper than the Java stack.
        ArrayDeque<Variable> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        stack.push(root);
        next.push(0);
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Variable v = stack.peek();
            int k = next.pop();
            Variable[] inputs = v.node == null ? new Variable[0] : v.node.inputs;
            while (k < inputs.length && (!inputs[k].requiresGrad() || visited.containsKey(inputs[k]))) k++;
            if (k < inputs.length) {
                next.push(k + 1);
                visited.put(inputs[k], Boolean.TRUE);
                stack.push(inputs[k]);
                next.push(0);
            } else {
                stack.pop();
                order.add(v);
            }
        }
        return order;
    }
}

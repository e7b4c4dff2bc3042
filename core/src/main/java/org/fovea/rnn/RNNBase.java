package org.fovea.rnn;

import java.util.Arrays;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.fovea.autograd.Variable;
import org.fovea.init.Init;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;

/**
 * What RNN, LSTM and GRU share (as PyTorch's RNNBase): batch-first (N, T, D) input, stacked layers, the
 * bidirectional option, initial and final states. Each layer and direction runs the subclass's recurrence
 * over the whole sequence; layer l + 1 reads layer l's output (both directions concatenated).
 * Shape: (N, T, D) → output (N, T, numDirections·H), state (numLayers·numDirections, N, H).
 */
public abstract class RNNBase extends Module {
    protected final int inputSize;
    protected final int hiddenSize;
    protected final int numLayers;
    protected final boolean bidirectional;
    private final boolean hasCell;

    protected RNNBase(String kind, int inputSize, int hiddenSize, int numLayers, boolean bidirectional, boolean hasCell) {
        if (inputSize < 1 || hiddenSize < 1 || numLayers < 1) {
            throw new IllegalArgumentException(kind + ": inputSize, hiddenSize and numLayers must be positive, got inputSize="
                    + inputSize + ", hiddenSize=" + hiddenSize + ", numLayers=" + numLayers);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bidirectional = bidirectional;
        this.hasCell = hasCell;
    }

    /** The output of one layer in one direction over the whole sequence. Shape: output (N, T, H), h and c (N, H). */
    protected record DirectionOutput(Variable output, Variable h, Variable c) {}

    /**
     * Runs layer {@code layer}, direction {@code direction} (1 = reverse: t from T − 1 down to 0, outputs
     * kept at their own time index) over x (N, T, inputs) from h0, c0 (N, H); c0 is null without a cell.
     */
    protected abstract DirectionOutput runDirection(int layer, int direction, Variable x, Variable h0, Variable c0);

    public int numDirections() { return bidirectional ? 2 : 1; }

    /** The input width of a layer: D for the first, numDirections·H above it. */
    protected int layerInputSize(int layer) { return layer == 0 ? inputSize : hiddenSize * numDirections(); }

    /** PyTorch's parameter suffix: "_l0", "_l1_reverse". */
    protected static String suffix(int layer, int direction) { return "_l" + layer + (direction == 1 ? "_reverse" : ""); }

    /** PyTorch's default for recurrent layers: every weight and bias from U(−1/√H, 1/√H). */
    protected Tensor uniformInit(RandomGenerator rng, int... shape) {
        double bound = 1 / Math.sqrt(hiddenSize);
        return Init.uniform(Tensor.zeros(shape), -bound, bound, rng);
    }

    /** Output only, from zero initial states. */
    @Override
    public Variable forward(Variable x) { return forward(x, null).output(); }

    /** The whole output and the final state; {@code initial} null means zeros. */
    public RecurrentOutput forward(Variable x, RecurrentState initial) {
        String layer = getClass().getSimpleName() + "(" + extraRepr() + ")";
        if (x.dim() != 3 || x.size(2) != inputSize || x.size(0) < 1 || x.size(1) < 1) {
            throw new IllegalArgumentException(layer + ": expects input (N, T, " + inputSize + ") with N, T >= 1, got shape "
                    + Arrays.toString(x.shape()));
        }
        int n = x.size(0);
        int states = numLayers * numDirections();
        Variable h0 = initial == null ? null : checkState(layer, "h", initial.h(), states, n);
        Variable c0 = null;
        if (initial != null && initial.c() != null) {
            if (!hasCell) throw new IllegalArgumentException(layer + ": has no cell state, but the initial state carries c");
            c0 = checkState(layer, "c", initial.c(), states, n);
        }
        Variable[] hs = new Variable[states];
        Variable[] cs = new Variable[states];
        Variable input = x;
        for (int l = 0; l < numLayers; l++) {
            Variable[] outs = new Variable[numDirections()];
            for (int d = 0; d < numDirections(); d++) {
                int k = l * numDirections() + d;
                Variable hInit = slice(h0, k, n);
                Variable cInit = hasCell ? slice(c0, k, n) : null;
                DirectionOutput o = runDirection(l, d, input, hInit, cInit);
                outs[d] = o.output();
                hs[k] = o.h();
                cs[k] = o.c();
            }
            input = outs.length == 1 ? outs[0] : Variable.concat(2, outs);
        }
        return new RecurrentOutput(input, new RecurrentState(Variable.stack(0, hs), hasCell ? Variable.stack(0, cs) : null));
    }

    private Variable checkState(String layer, String name, Variable s, int states, int n) {
        int[] want = {states, n, hiddenSize};
        if (!Arrays.equals(s.shape(), want)) {
            throw new IllegalArgumentException(layer + ": initial " + name + " must have shape (numLayers·numDirections, N, H) = "
                    + Arrays.toString(want) + ", got " + Arrays.toString(s.shape()));
        }
        return s;
    }

    private Variable slice(Variable s, int k, int n) {
        if (s == null) return Variable.of(Tensor.zeros(n, hiddenSize));
        return s.narrow(0, k, 1).reshape(n, hiddenSize);
    }

    /** The time steps in the order a direction reads them. */
    protected static int[] timeOrder(int steps, int direction) {
        int[] order = new int[steps];
        for (int s = 0; s < steps; s++) order[s] = direction == 1 ? steps - 1 - s : s;
        return order;
    }

    /** x·Wᵀ + b for every step at once: one large product instead of T small ones. Shape: (N, T, in) → (N, T, out). */
    protected static Variable inputProjection(Variable x, Variable weight, Variable bias) {
        int n = x.size(0);
        int t = x.size(1);
        Variable y = x.reshape(n * t, x.size(2)).matmul(weight.transpose(0, 1));
        if (bias != null) y = y.add(bias);
        return y.reshape(n, t, weight.size(0));
    }

    /**
     * Loads the weights of the PyTorch module of the same configuration (its {@code state_dict()}, names such
     * as "weight_ih_l0"), converting to this layer's layout. Strict: a missing, unexpected or misshapen tensor
     * is an error naming it.
     */
    public abstract void loadPyTorchStateDict(Map<String, Tensor> pytorch);

    /** A tensor of a PyTorch state dict, checked for presence and shape. */
    protected static Tensor pytorchTensor(Map<String, Tensor> pytorch, String name, int... shape) {
        Tensor t = pytorch.get(name);
        if (t == null) throw new IllegalArgumentException("loadPyTorchStateDict: missing tensor '" + name + "' (have " + pytorch.keySet() + ")");
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("loadPyTorchStateDict: tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + " but the layer expects " + Arrays.toString(shape));
        }
        return t;
    }

    /** Rejects names this layer would not read (a different configuration). */
    protected void checkPyTorchNames(Map<String, Tensor> pytorch, String... perLayerNames) {
        java.util.Set<String> expected = new java.util.HashSet<>();
        for (int l = 0; l < numLayers; l++) {
            for (int d = 0; d < numDirections(); d++) for (String name : perLayerNames) expected.add(name + suffix(l, d));
        }
        java.util.Set<String> unexpected = new java.util.TreeSet<>(pytorch.keySet());
        unexpected.removeAll(expected);
        if (!unexpected.isEmpty()) throw new IllegalArgumentException("loadPyTorchStateDict: unexpected tensors " + unexpected);
    }

    public int inputSize() { return inputSize; }
    public int hiddenSize() { return hiddenSize; }
    public int numLayers() { return numLayers; }
    public boolean bidirectional() { return bidirectional; }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (numLayers != 1 ? ", numLayers=" + numLayers : "") + (bidirectional ? ", bidirectional" : "");
    }
}

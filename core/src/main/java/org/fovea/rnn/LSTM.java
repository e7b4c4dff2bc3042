package org.fovea.rnn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Long short-term memory (Hochreiter &amp; Schmidhuber 1997) exactly as CS231n lecture 10 writes it:
 * <pre>
 *   [i; f; o; g] = [σ; σ; σ; tanh](W·[h_{t−1}; x_t] + b)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
 * </pre>
 * Each layer and direction is one fused graph node with an explicit backward ({@link LSTMKernels}).
 * Shape: (N, T, D) → (N, T, numDirections·H), state h and c (numLayers·numDirections, N, H);
 * parameters per layer and direction (suffix "_l0", "_l0_reverse"): weight (4H, H + in) with the columns
 * of h_{t−1} first, bias (4H).
 *
 * <p>Mapping to PyTorch's nn.LSTM, which orders the gate rows (i, f, g, o) and keeps separate input and
 * hidden matrices and biases: W = [W_hh | W_ih] with row blocks taken in PyTorch order (0, 1, 3, 2), and
 * b = (b_ih + b_hh) reordered the same way. {@link #loadPyTorchStateDict} applies it;
 * {@link #fromPyTorchGates} is the row permutation alone.
 */
public class LSTM extends RNNBase {
    /** For each of Fovea's gate blocks (i, f, o, g), the block of PyTorch's (i, f, g, o) that holds it. */
    private static final int[] FROM_PYTORCH = {0, 1, 3, 2};

    private final Variable[] weight;
    private final Variable[] bias;

    public LSTM(int inputSize, int hiddenSize, RandomGenerator rng) { this(inputSize, hiddenSize, 1, false, rng); }

    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bidirectional, RandomGenerator rng) {
        super("LSTM", inputSize, hiddenSize, numLayers, bidirectional, true);
        int k = numLayers * numDirections();
        weight = new Variable[k];
        bias = new Variable[k];
        for (int l = 0; l < numLayers; l++) {
            for (int d = 0; d < numDirections(); d++) {
                int i = l * numDirections() + d;
                weight[i] = registerParameter("weight" + suffix(l, d), uniformInit(rng, 4 * hiddenSize, hiddenSize + layerInputSize(l)));
                bias[i] = registerParameter("bias" + suffix(l, d), uniformInit(rng, 4 * hiddenSize));
            }
        }
    }

    @Override
    protected DirectionOutput runDirection(int layer, int direction, Variable x, Variable h0, Variable c0) {
        int i = layer * numDirections() + direction;
        Variable hc = LSTMKernels.lstm(x, h0, c0, weight[i], bias[i], direction == 1);
        int last = direction == 1 ? 0 : x.size(1) - 1;
        Variable end = hc.narrow(1, last, 1).reshape(x.size(0), 2 * hiddenSize);
        return new DirectionOutput(hc.narrow(2, 0, hiddenSize), end.narrow(1, 0, hiddenSize), end.narrow(1, hiddenSize, hiddenSize));
    }

    /**
     * The functional form, one layer and direction (a fused op, see {@link LSTMKernels}). Shape: x (N, T, D),
     * h0 and c0 (N, H), weight (4H, H + D), bias (4H) → (N, T, 2H): h_t in [0, H), c_t in [H, 2H).
     */
    public static Variable lstm(Variable x, Variable h0, Variable c0, Variable weight, Variable bias, boolean reverse) {
        return LSTMKernels.lstm(x, h0, c0, weight, bias, reverse);
    }

    /** Reorders the 4H rows (or elements) of a PyTorch gate tensor from (i, f, g, o) to the lecture's (i, f, o, g). */
    public static Tensor fromPyTorchGates(Tensor pytorch) {
        int h = pytorch.size(0) / 4;
        if (pytorch.size(0) != 4 * h) {
            throw new IllegalArgumentException("fromPyTorchGates: first dimension must be 4H, got shape " + java.util.Arrays.toString(pytorch.shape()));
        }
        Tensor[] blocks = new Tensor[4];
        for (int k = 0; k < 4; k++) blocks[k] = pytorch.narrow(0, FROM_PYTORCH[k] * h, h);
        return Tensor.concat(0, blocks);
    }

    @Override
    public void loadPyTorchStateDict(Map<String, Tensor> pytorch) {
        checkPyTorchNames(pytorch, "weight_ih", "weight_hh", "bias_ih", "bias_hh");
        int g4 = 4 * hiddenSize;
        for (int l = 0; l < numLayers; l++) {
            for (int d = 0; d < numDirections(); d++) {
                int i = l * numDirections() + d;
                String s = suffix(l, d);
                Tensor wih = pytorchTensor(pytorch, "weight_ih" + s, g4, layerInputSize(l));
                Tensor whh = pytorchTensor(pytorch, "weight_hh" + s, g4, hiddenSize);
                Tensor b = pytorchTensor(pytorch, "bias_ih" + s, g4).add(pytorchTensor(pytorch, "bias_hh" + s, g4));
                weight[i].data().copyFrom(fromPyTorchGates(Tensor.concat(1, whh, wih)));
                bias[i].data().copyFrom(fromPyTorchGates(b));
            }
        }
    }
}

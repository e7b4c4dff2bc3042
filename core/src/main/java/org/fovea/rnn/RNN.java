package org.fovea.rnn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Vanilla (Elman) recurrent layer, CS231n lecture 10: h_t = tanh(W_hh·h_{t−1} + W_xh·x_t + b). The
 * output projection y_t = W_hy·h_t is a separate {@link org.fovea.nn.Linear} applied to the output.
 * Composed from Variable ops (matmul, add, tanh); the input products of all steps are one matmul.
 * Shape: (N, T, D) → (N, T, numDirections·H); parameters per layer and direction (suffix "_l0",
 * "_l0_reverse"): weight_xh (H, in), weight_hh (H, H), bias (H).
 *
 * <p>PyTorch's nn.RNN has two biases (b_ih + b_hh); {@link #loadPyTorchStateDict} adds them into one.
 */
public class RNN extends RNNBase {
    private final Variable[] weightXh;
    private final Variable[] weightHh;
    private final Variable[] bias;

    public RNN(int inputSize, int hiddenSize, RandomGenerator rng) { this(inputSize, hiddenSize, 1, false, rng); }

    public RNN(int inputSize, int hiddenSize, int numLayers, boolean bidirectional, RandomGenerator rng) {
        super("RNN", inputSize, hiddenSize, numLayers, bidirectional, false);
        int k = numLayers * numDirections();
        weightXh = new Variable[k];
        weightHh = new Variable[k];
        bias = new Variable[k];
        for (int l = 0; l < numLayers; l++) {
            for (int d = 0; d < numDirections(); d++) {
                int i = l * numDirections() + d;
                weightXh[i] = registerParameter("weight_xh" + suffix(l, d), uniformInit(rng, hiddenSize, layerInputSize(l)));
                weightHh[i] = registerParameter("weight_hh" + suffix(l, d), uniformInit(rng, hiddenSize, hiddenSize));
                bias[i] = registerParameter("bias" + suffix(l, d), uniformInit(rng, hiddenSize));
            }
        }
    }

    @Override
    protected DirectionOutput runDirection(int layer, int direction, Variable x, Variable h0, Variable c0) {
        int i = layer * numDirections() + direction;
        Variable out = rnn(x, h0, weightXh[i], weightHh[i], bias[i], direction == 1);
        return new DirectionOutput(out, out.narrow(1, direction == 1 ? 0 : x.size(1) - 1, 1).squeeze(1), null);
    }

    /**
     * The functional form, one layer and direction. Shape: x (N, T, D), h0 (N, H), weightXh (H, D),
     * weightHh (H, H), bias (H) → every h_t (N, T, H); {@code reverse} reads t = T − 1 … 0.
     */
    public static Variable rnn(Variable x, Variable h0, Variable weightXh, Variable weightHh, Variable bias, boolean reverse) {
        int steps = x.size(1);
        int n = x.size(0);
        int hid = weightHh.size(0);
        Variable xw = inputProjection(x, weightXh, bias);
        Variable whhT = weightHh.transpose(0, 1);
        Variable h = h0;
        Variable[] hs = new Variable[steps];
        for (int t : timeOrder(steps, reverse ? 1 : 0)) {
            h = xw.narrow(1, t, 1).reshape(n, hid).add(h.matmul(whhT)).tanh();
            hs[t] = h;
        }
        return Variable.stack(1, hs);
    }

    @Override
    public void loadPyTorchStateDict(Map<String, Tensor> pytorch) {
        checkPyTorchNames(pytorch, "weight_ih", "weight_hh", "bias_ih", "bias_hh");
        for (int l = 0; l < numLayers; l++) {
            for (int d = 0; d < numDirections(); d++) {
                int i = l * numDirections() + d;
                String s = suffix(l, d);
                weightXh[i].data().copyFrom(pytorchTensor(pytorch, "weight_ih" + s, hiddenSize, layerInputSize(l)));
                weightHh[i].data().copyFrom(pytorchTensor(pytorch, "weight_hh" + s, hiddenSize, hiddenSize));
                bias[i].data().copyFrom(pytorchTensor(pytorch, "bias_ih" + s, hiddenSize).add(pytorchTensor(pytorch, "bias_hh" + s, hiddenSize)));
            }
        }
    }
}

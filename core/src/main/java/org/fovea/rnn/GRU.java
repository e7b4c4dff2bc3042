package org.fovea.rnn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Gated recurrent unit (Cho et al. 2014) in PyTorch's formulation, gates in PyTorch's order (r, z, n):
 * <pre>
 *   r_t = σ(W_ir·x_t + b_ir + W_hr·h_{t−1} + b_hr)
 *   z_t = σ(W_iz·x_t + b_iz + W_hz·h_{t−1} + b_hz)
 *   n_t = tanh(W_in·x_t + b_in + r_t ⊙ (W_hn·h_{t−1} + b_hn))
 *   h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
 * </pre>
 * Composed from Variable ops. Shape: (N, T, D) → (N, T, numDirections·H); parameters exactly PyTorch's
 * (weight_ih (3H, in), weight_hh (3H, H), bias_ih (3H), bias_hh (3H), suffix "_l0", "_l0_reverse"), so
 * {@link #loadPyTorchStateDict} is a plain copy. Two biases are needed: b_hn sits inside r_t ⊙ (…).
 */
public class GRU extends RNNBase {
    private final Variable[] weightIh;
    private final Variable[] weightHh;
    private final Variable[] biasIh;
    private final Variable[] biasHh;

    public GRU(int inputSize, int hiddenSize, RandomGenerator rng) { this(inputSize, hiddenSize, 1, false, rng); }

    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bidirectional, RandomGenerator rng) {
        super("GRU", inputSize, hiddenSize, numLayers, bidirectional, false);
        int k = numLayers * numDirections();
        weightIh = new Variable[k];
        weightHh = new Variable[k];
        biasIh = new Variable[k];
        biasHh = new Variable[k];
        for (int l = 0; l < numLayers; l++) {
            for (int d = 0; d < numDirections(); d++) {
                int i = l * numDirections() + d;
                weightIh[i] = registerParameter("weight_ih" + suffix(l, d), uniformInit(rng, 3 * hiddenSize, layerInputSize(l)));
                weightHh[i] = registerParameter("weight_hh" + suffix(l, d), uniformInit(rng, 3 * hiddenSize, hiddenSize));
                biasIh[i] = registerParameter("bias_ih" + suffix(l, d), uniformInit(rng, 3 * hiddenSize));
                biasHh[i] = registerParameter("bias_hh" + suffix(l, d), uniformInit(rng, 3 * hiddenSize));
            }
        }
    }

    @Override
    protected DirectionOutput runDirection(int layer, int direction, Variable x, Variable h0, Variable c0) {
        int i = layer * numDirections() + direction;
        Variable out = gru(x, h0, weightIh[i], weightHh[i], biasIh[i], biasHh[i], direction == 1);
        return new DirectionOutput(out, out.narrow(1, direction == 1 ? 0 : x.size(1) - 1, 1).squeeze(1), null);
    }

    /**
     * The functional form, one layer and direction. Shape: x (N, T, D), h0 (N, H), weightIh (3H, D),
     * weightHh (3H, H), biasIh and biasHh (3H) → every h_t (N, T, H); {@code reverse} reads t = T − 1 … 0.
     */
    public static Variable gru(Variable x, Variable h0, Variable weightIh, Variable weightHh, Variable biasIh, Variable biasHh,
                               boolean reverse) {
        int steps = x.size(1);
        int n = x.size(0);
        int hid = weightHh.size(1);
        Variable xw = inputProjection(x, weightIh, biasIh);
        Variable whhT = weightHh.transpose(0, 1);
        Variable h = h0;
        Variable[] hs = new Variable[steps];
        for (int t : timeOrder(steps, reverse ? 1 : 0)) {
            Variable xt = xw.narrow(1, t, 1).reshape(n, 3 * hid);
            Variable ht = h.matmul(whhT).add(biasHh);
            Variable r = xt.narrow(1, 0, hid).add(ht.narrow(1, 0, hid)).sigmoid();
            Variable z = xt.narrow(1, hid, hid).add(ht.narrow(1, hid, hid)).sigmoid();
            Variable cand = xt.narrow(1, 2 * hid, hid).add(r.mul(ht.narrow(1, 2 * hid, hid))).tanh();
            // (1 − z)·n + z·h written as n + z·(h − n): one op fewer, same value.
            h = cand.add(z.mul(h.sub(cand)));
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
                weightIh[i].data().copyFrom(pytorchTensor(pytorch, "weight_ih" + s, 3 * hiddenSize, layerInputSize(l)));
                weightHh[i].data().copyFrom(pytorchTensor(pytorch, "weight_hh" + s, 3 * hiddenSize, hiddenSize));
                biasIh[i].data().copyFrom(pytorchTensor(pytorch, "bias_ih" + s, 3 * hiddenSize));
                biasHh[i].data().copyFrom(pytorchTensor(pytorch, "bias_hh" + s, 3 * hiddenSize));
            }
        }
    }
}

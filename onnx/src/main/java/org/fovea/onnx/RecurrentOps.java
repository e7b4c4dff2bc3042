package org.fovea.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fovea.autograd.Variable;
import org.fovea.rnn.LSTM;
import org.fovea.rnn.RNN;
import org.fovea.tensor.Tensor;

/**
 * ONNX's RNN, LSTM and GRU (one layer, forward, reverse or bidirectional) on Fovea's recurrent kernels.
 * ONNX stores W (dirs, G·H, D), R (dirs, G·H, H), B (dirs, 2·G·H) with its own gate orders (LSTM i, o, f, c;
 * GRU z, r, h); the weights are rearranged with differentiable ops, so gradients reach the ONNX tensors.
 * Shape: X (T, N, D), or (N, T, D) with layout = 1 → Y (T, dirs, N, H), Y_h and Y_c (dirs, N, H).
 */
final class RecurrentOps {
    /** For each of Fovea's LSTM gate blocks (i, f, o, g), the ONNX block (i, o, f, c) that holds it. */
    private static final int[] LSTM_FROM_ONNX = {0, 2, 1, 3};

    private RecurrentOps() {}

    static void register(Map<String, Op> ops) {
        ops.put("RNN", (n, in, ctx) -> run(n, in, 1));
        ops.put("GRU", (n, in, ctx) -> run(n, in, 3));
        ops.put("LSTM", (n, in, ctx) -> run(n, in, 4));
    }

    private static Value[] run(Node n, Value[] in, int gates) {
        String kind = n.op();
        List<String> defaults = switch (kind) {
            case "RNN" -> List.of("Tanh");
            case "GRU" -> List.of("Sigmoid", "Tanh");
            default -> List.of("Sigmoid", "Tanh", "Tanh");
        };
        var acts = n.proto.getAttributeList().stream().filter(a -> a.getName().equals("activations")).findFirst();
        if (acts.isPresent()) {
            List<String> given = acts.get().getStringsList().stream().map(b -> b.toStringUtf8()).toList();
            for (int i = 0; i < given.size(); i++) {
                if (!given.get(i).equalsIgnoreCase(defaults.get(i % defaults.size()))) {
                    throw n.unsupported("activations " + given + " are not supported (only the defaults " + defaults + ")");
                }
            }
        }
        if (n.has("clip")) throw n.unsupported("clip is not supported");
        if (n.i("input_forget", 0) != 0) throw n.unsupported("input_forget is not supported");
        if (Op.has(in, 7)) throw n.unsupported("peephole weights (P) are not supported");
        boolean batchFirst = n.i("layout", 0) != 0;
        Variable x = Op.floats(n, in, 0);
        if (x.dim() != 3) throw n.fail("X must have rank 3, got " + Arrays.toString(x.shape()));
        if (!batchFirst) x = x.permute(1, 0, 2);
        int batch = x.size(0), steps = x.size(1), inputs = x.size(2);
        String direction = n.s("direction", "forward");
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        if (!List.of("forward", "reverse", "bidirectional").contains(direction)) throw n.fail("unknown direction '" + direction + "'");
        Variable w = Op.floats(n, in, 1);
        Variable r = Op.floats(n, in, 2);
        int hidden = r.dim() == 3 ? r.size(2) : -1;
        if (n.has("hidden_size") && n.i("hidden_size", 0) != hidden) throw n.fail("hidden_size does not match R of shape " + Arrays.toString(r.shape()));
        check(n, "W", w, dirs, gates * hidden, inputs);
        check(n, "R", r, dirs, gates * hidden, hidden);
        Variable b = Op.has(in, 3) ? Op.floats(n, in, 3) : Variable.of(Tensor.zeros(dirs, 2 * gates * hidden));
        check(n, "B", b, dirs, 2 * gates * hidden);
        if (Op.has(in, 4)) {
            for (long len : Op.ints(n, in, 4).data()) {
                if (len != steps) throw n.unsupported("sequence_lens other than the full length " + steps + " are not supported");
            }
        }
        Variable h0 = initial(n, in, 5, batchFirst, dirs, batch, hidden);
        Variable c0 = gates == 4 ? initial(n, in, 6, batchFirst, dirs, batch, hidden) : null;
        Variable[] ys = new Variable[dirs];
        Variable[] hs = new Variable[dirs];
        Variable[] cs = new Variable[dirs];
        for (int d = 0; d < dirs; d++) {
            boolean reverse = direction.equals("reverse") || d == 1;
            Variable wd = w.narrow(0, d, 1).reshape(gates * hidden, inputs);
            Variable rd = r.narrow(0, d, 1).reshape(gates * hidden, hidden);
            Variable bd = b.narrow(0, d, 1).reshape(2 * gates * hidden);
            Variable wb = bd.narrow(0, 0, gates * hidden);
            Variable rb = bd.narrow(0, gates * hidden, gates * hidden);
            Variable h = h0.narrow(0, d, 1).reshape(batch, hidden);
            int last = reverse ? 0 : steps - 1;
            switch (kind) {
                case "RNN" -> ys[d] = RNN.rnn(x, h, wd, rd, wb.add(rb), reverse);
                case "GRU" -> ys[d] = gru(x, h, wd, rd, wb, rb, n.i("linear_before_reset", 0) != 0, reverse);
                default -> {
                    Variable weight = Variable.concat(1, lstmGates(rd, hidden), lstmGates(wd, hidden));
                    Variable hc = LSTM.lstm(x, h, c0.narrow(0, d, 1).reshape(batch, hidden), weight, lstmGates(wb.add(rb), hidden), reverse);
                    ys[d] = hc.narrow(2, 0, hidden);
                    cs[d] = hc.narrow(1, last, 1).narrow(2, hidden, hidden).reshape(batch, hidden);
                }
            }
            hs[d] = ys[d].narrow(1, last, 1).reshape(batch, hidden);
        }
        Variable y = Variable.stack(2, ys);                       // (N, T, dirs, H)
        y = batchFirst ? y : y.permute(1, 2, 0, 3);               // (T, dirs, N, H)
        Variable yh = Variable.stack(batchFirst ? 1 : 0, hs);
        Value[] out = {new Value.Floats(y), new Value.Floats(yh), null};
        if (gates == 4) out[2] = new Value.Floats(Variable.stack(batchFirst ? 1 : 0, cs));
        return Arrays.copyOf(out, Math.min(3, Math.max(1, n.proto.getOutputCount())));
    }

    private static void check(Node n, String name, Variable v, int... shape) {
        if (!Arrays.equals(v.shape(), shape)) throw n.fail(name + " must have shape " + Arrays.toString(shape) + ", got " + Arrays.toString(v.shape()));
    }

    private static Variable initial(Node n, Value[] in, int i, boolean batchFirst, int dirs, int batch, int hidden) {
        if (!Op.has(in, i)) return Variable.of(Tensor.zeros(dirs, batch, hidden));
        Variable v = Op.floats(n, in, i);
        if (batchFirst) {
            check(n, "initial state", v, batch, dirs, hidden);
            return v.permute(1, 0, 2);
        }
        check(n, "initial state", v, dirs, batch, hidden);
        return v;
    }

    /** Rows of an ONNX LSTM tensor (4H, …) in Fovea's gate order. */
    private static Variable lstmGates(Variable onnx, int hidden) {
        Variable[] blocks = new Variable[4];
        for (int k = 0; k < 4; k++) blocks[k] = onnx.narrow(0, LSTM_FROM_ONNX[k] * hidden, hidden);
        return Variable.concat(0, blocks);
    }

    /**
     * ONNX GRU, gates (z, r, h): z, r = σ(x·W_{z,r}ᵀ + h·R_{z,r}ᵀ + b), h̃ = tanh(x·W_hᵀ + (r ⊙ h)·R_hᵀ + b)
     * (with linear_before_reset: r ⊙ (h·R_hᵀ + Rb_h)), h' = (1 − z) ⊙ h̃ + z ⊙ h. Shape: (N, T, D) → (N, T, H).
     */
    private static Variable gru(Variable x, Variable h, Variable w, Variable r, Variable wb, Variable rb, boolean linearBeforeReset,
                                boolean reverse) {
        int n = x.size(0), steps = x.size(1), hid = r.size(1);
        Variable xw = x.reshape(n * steps, x.size(2)).matmul(w.transpose(0, 1)).add(wb).reshape(n, steps, 3 * hid);
        Variable rzT = r.narrow(0, 0, 2 * hid).transpose(0, 1);
        Variable rhT = r.narrow(0, 2 * hid, hid).transpose(0, 1);
        Variable rbZr = rb.narrow(0, 0, 2 * hid);
        Variable rbH = rb.narrow(0, 2 * hid, hid);
        Variable[] hs = new Variable[steps];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            Variable xt = xw.narrow(1, t, 1).reshape(n, 3 * hid);
            Variable zr = xt.narrow(1, 0, 2 * hid).add(h.matmul(rzT)).add(rbZr).sigmoid();
            Variable z = zr.narrow(1, 0, hid);
            Variable rg = zr.narrow(1, hid, hid);
            Variable hh = linearBeforeReset ? rg.mul(h.matmul(rhT).add(rbH)) : rg.mul(h).matmul(rhT).add(rbH);
            Variable cand = xt.narrow(1, 2 * hid, hid).add(hh).tanh();
            h = cand.add(z.mul(h.sub(cand)));
            hs[t] = h;
        }
        return Variable.stack(1, hs);
    }
}

package org.fovea.onnx;

import static org.fovea.onnx.GraphBuilder.attr;

import java.util.List;
import java.util.Map;
import org.fovea.autograd.Variable;
import org.fovea.rnn.GRU;
import org.fovea.rnn.LSTM;
import org.fovea.rnn.RNNBase;
import org.fovea.tensor.Tensor;

/**
 * Fovea's RNN, LSTM and GRU as ONNX nodes, one per layer (both directions in one node). Fovea is batch first
 * (N, T, D), ONNX's default layout is (T, N, D): the input is transposed once, each layer's output
 * Y (T, dirs, N, H) is reshaped to (T, N, dirs·H) for the next, and the result transposed back.
 * Weights are rearranged to ONNX's gate orders (LSTM i, o, f, c; GRU z, r, h).
 */
final class RecurrentExport {
    /** For each ONNX LSTM gate block (i, o, f, c), Fovea's block (i, f, o, g) that holds it. */
    private static final int[] LSTM_TO_ONNX = {0, 2, 1, 3};
    /** For each ONNX GRU gate block (z, r, h), Fovea's block (r, z, n). */
    private static final int[] GRU_TO_ONNX = {1, 0, 2};

    private RecurrentExport() {}

    static String emit(GraphBuilder g, RNNBase r, String p, String in, Variable x) {
        Map<String, Variable> params = r.namedParameters();
        int dirs = r.numDirections();
        String kind = r instanceof LSTM ? "LSTM" : r instanceof GRU ? "GRU" : "RNN";
        String seq = g.node("Transpose", List.of(in), attr("perm", 1, 0, 2));
        for (int l = 0; params.containsKey(name(kind, l, 0)); l++) {
            Tensor[][] wrb = new Tensor[3][dirs];
            int hidden = 0;
            for (int d = 0; d < dirs; d++) {
                String s = "_l" + l + (d == 1 ? "_reverse" : "");
                Tensor[] t = switch (kind) {
                    case "LSTM" -> {
                        Tensor w = params.get("weight" + s).data();
                        int h = w.size(0) / 4;
                        Tensor b = params.get("bias" + s).data();
                        yield new Tensor[] {gates(w.narrow(1, h, w.size(1) - h), LSTM_TO_ONNX), gates(w.narrow(1, 0, h), LSTM_TO_ONNX),
                                Tensor.concat(0, gates(b, LSTM_TO_ONNX), Tensor.zeros(4 * h))};
                    }
                    case "GRU" -> new Tensor[] {gates(params.get("weight_ih" + s).data(), GRU_TO_ONNX), gates(params.get("weight_hh" + s).data(), GRU_TO_ONNX),
                            Tensor.concat(0, gates(params.get("bias_ih" + s).data(), GRU_TO_ONNX), gates(params.get("bias_hh" + s).data(), GRU_TO_ONNX))};
                    default -> {
                        Tensor b = params.get("bias" + s).data();
                        yield new Tensor[] {params.get("weight_xh" + s).data(), params.get("weight_hh" + s).data(), Tensor.concat(0, b, Tensor.zeros(b.numel()))};
                    }
                };
                for (int k = 0; k < 3; k++) wrb[k][d] = t[k];
                hidden = t[1].size(1);
            }
            String layer = p + kind + "_l" + l + ".";
            List<String> inputs = List.of(seq, g.tensor(layer + "W", Tensor.stack(0, wrb[0])), g.tensor(layer + "R", Tensor.stack(0, wrb[1])),
                    g.tensor(layer + "B", Tensor.stack(0, wrb[2])));
            String direction = dirs == 2 ? "bidirectional" : "forward";
            String y = kind.equals("GRU")
                    ? g.node(kind, inputs, 1, attr("hidden_size", hidden), attr("direction", direction), attr("linear_before_reset", 1)).get(0)
                    : g.node(kind, inputs, 1, attr("hidden_size", hidden), attr("direction", direction)).get(0);
            String tn = g.node("Transpose", List.of(y), attr("perm", 0, 2, 1, 3));
            seq = g.node("Reshape", List.of(tn, g.int64(0, 0, -1)));
        }
        return g.node("Transpose", List.of(seq), attr("perm", 1, 0, 2));
    }

    private static String name(String kind, int layer, int dir) {
        String s = "_l" + layer;
        return switch (kind) {
            case "LSTM" -> "weight" + s;
            case "GRU" -> "weight_ih" + s;
            default -> "weight_xh" + s;
        };
    }

    /** The row blocks of a gate tensor (G·H, …) in the order {@code order} names them. */
    private static Tensor gates(Tensor t, int[] order) {
        int h = t.size(0) / order.length;
        Tensor[] blocks = new Tensor[order.length];
        for (int k = 0; k < order.length; k++) blocks[k] = t.narrow(0, order[k] * h, h);
        return Tensor.concat(0, blocks).contiguous();
    }
}

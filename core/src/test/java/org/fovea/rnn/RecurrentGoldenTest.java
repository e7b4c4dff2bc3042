package org.fovea.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;
import org.fovea.testing.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sequence layers against PyTorch float64 (scripts/golden/rnn_golden.py): outputs, final states, and the
 * gradients of inputs, initial states and every parameter. Recurrent layers import the PyTorch weights
 * with loadPyTorchStateDict, so the LSTM gate reordering is checked too. Tolerance 1e-5 rel + 2e-5 abs.
 */
class RecurrentGoldenTest {
    private static final double RTOL = 1e-5;
    private static final double ATOL = 2e-5;

    static Stream<JsonNode> cases() {
        List<JsonNode> list = new ArrayList<>();
        Golden.load("rnn.json").get("cases").forEach(list::add);
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(JsonNode c) {
        switch (c.get("layer").asText()) {
            case "recurrent" -> recurrent(c);
            case "embedding" -> embedding(c);
            case "conv1d" -> conv1d(c);
            case "temporal_loss" -> temporalLoss(c);
            default -> throw new AssertionError("unknown golden layer " + c.get("layer"));
        }
    }

    private static void recurrent(JsonNode c) {
        String name = c.get("name").asText();
        JsonNode cfg = c.get("config");
        int d = cfg.get("input_size").asInt();
        int h = cfg.get("hidden_size").asInt();
        int layers = cfg.get("num_layers").asInt();
        boolean bi = cfg.get("bidirectional").asBoolean();
        SplittableRandom rng = new SplittableRandom(1);
        RNNBase m = switch (c.get("kind").asText()) {
            case "RNN" -> new RNN(d, h, layers, bi, rng);
            case "LSTM" -> new LSTM(d, h, layers, bi, rng);
            case "GRU" -> new GRU(d, h, layers, bi, rng);
            default -> throw new AssertionError(c.get("kind"));
        };
        Map<String, Tensor> state = new LinkedHashMap<>();
        c.get("pytorch_state").fields().forEachRemaining(e -> state.put(e.getKey(), Golden.tensor(e.getValue())));
        m.loadPyTorchStateDict(state);

        Map<String, Variable> in = new LinkedHashMap<>();
        c.get("inputs").fields().forEachRemaining(e -> in.put(e.getKey(), Variable.param(Golden.tensor(e.getValue()))));
        RecurrentState initial = in.containsKey("h0") ? new RecurrentState(in.get("h0"), in.get("c0")) : null;
        RecurrentOutput out = m.forward(in.get("x"), initial);
        Map<String, Variable> results = new LinkedHashMap<>();
        results.put("output", out.output());
        results.put("h_n", out.state().h());
        if (out.state().c() != null) results.put("c_n", out.state().c());
        assertEquals(c.get("results").size(), results.size(), name + ": results compared");

        Variable loss = null;
        for (var e : results.entrySet()) {
            Golden.assertClose(name + " " + e.getKey(), c.get("results").get(e.getKey()), e.getValue().data(), RTOL, ATOL);
            Variable term = e.getValue().mul(Variable.of(Golden.tensor(c.get("upstream").get(e.getKey())))).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        in.forEach((k, v) -> Golden.assertClose(name + " d" + k, c.get("input_grads").get(k), v.grad(), RTOL, ATOL));
        Map<String, Variable> params = m.namedParameters();
        assertEquals(c.get("param_grads").size(), params.size(), name + ": parameters compared");
        c.get("param_grads").fields().forEachRemaining(e -> {
            Variable p = params.get(e.getKey());
            assertNotNull(p, name + ": no parameter " + e.getKey());
            Golden.assertClose(name + " d" + e.getKey(), e.getValue(), p.grad(), RTOL, ATOL);
        });
    }

    private static int[][] intRows(JsonNode rows) {
        int[][] out = new int[rows.size()][];
        for (int i = 0; i < out.length; i++) out[i] = Golden.ints(rows.get(i));
        return out;
    }

    private static void embedding(JsonNode c) {
        int[][] idx = intRows(c.get("indices"));
        Tensor w = Golden.tensor(c.get("weight"));
        Embedding e = new Embedding(w.size(0), w.size(1), new SplittableRandom(1));
        e.weight().data().copyFrom(w);
        Variable y = e.forward(idx);
        Golden.assertClose("embedding output", c.get("output"), y.data(), RTOL, ATOL);
        y.backward(Golden.tensor(c.get("upstream")));
        Golden.assertClose("embedding dweight", c.get("weight_grad"), e.weight().grad(), RTOL, ATOL);
    }

    private static void conv1d(JsonNode c) {
        JsonNode cfg = c.get("config");
        Variable[] v = new Variable[3];
        for (int i = 0; i < 3; i++) v[i] = Variable.param(Golden.tensor(c.get("inputs").get(i)));
        Variable y = Conv1d.conv1d("conv1d", v[0], v[1], v[2], cfg.get("stride").asInt(), cfg.get("padding").asInt(), cfg.get("dilation").asInt(), 1);
        Golden.assertClose("conv1d output", c.get("output"), y.data(), RTOL, ATOL);
        y.backward(Golden.tensor(c.get("upstream")));
        for (int i = 0; i < 3; i++) Golden.assertClose("conv1d grad " + i, c.get("grads").get(i), v[i].grad(), RTOL, ATOL);
    }

    private static void temporalLoss(JsonNode c) {
        int[][] mi = intRows(c.get("mask"));
        boolean[][] mask = new boolean[mi.length][mi[0].length];
        for (int i = 0; i < mi.length; i++) for (int t = 0; t < mi[i].length; t++) mask[i][t] = mi[i][t] == 1;
        Variable s = Variable.param(Golden.tensor(c.get("scores")));
        var loss = new TemporalCrossEntropy(TemporalCrossEntropy.Reduction.valueOf(c.get("reduction").asText()));
        Variable l = loss.forward(s, intRows(c.get("targets")), mask);
        double want = c.get("loss").asDouble();
        assertEquals(want, l.item(), ATOL + RTOL * Math.abs(want), c.get("name").asText());
        l.backward();
        Golden.assertClose(c.get("name").asText() + " grad", c.get("grad"), s.grad(), RTOL, ATOL);
    }
}

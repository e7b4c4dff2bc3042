package org.fovea.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.fovea.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Outputs and gradients against PyTorch float64 values made by scripts/golden/autograd_golden.py.
 * The inputs are float32-exact, so the only difference left is float32 arithmetic: we require
 * |ours − torch| ≤ 1e-5 + 1e-5·|torch| for every element.
 */
class PyTorchGoldenTest {
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-5;

    /** The same expressions as the generator script, by name. */
    private static final Map<String, Function<Variable[], Variable>> EXPRESSIONS = Map.ofEntries(
            Map.entry("matmul", v -> v[0].matmul(v[1])),
            Map.entry("matmul_batched", v -> v[0].matmul(v[1])),
            Map.entry("add_broadcast", v -> v[0].add(v[1])),
            Map.entry("add_broadcast_outer", v -> v[0].add(v[1])),
            Map.entry("mul_broadcast", v -> v[0].mul(v[1])),
            Map.entry("div_broadcast", v -> v[0].div(v[1])),
            Map.entry("exp", v -> v[0].exp()),
            Map.entry("log", v -> v[0].log()),
            Map.entry("tanh", v -> v[0].tanh()),
            Map.entry("sigmoid", v -> v[0].sigmoid()),
            Map.entry("sum_dim", v -> v[0].sum(1, false)),
            Map.entry("mean_dims_keepdim", v -> v[0].mean(new int[] {0, 2}, true)),
            Map.entry("max_dim", v -> v[0].max(1, false)),
            Map.entry("min_dim_keepdim", v -> v[0].min(0, true)),
            Map.entry("var_dim", v -> v[0].var(new int[] {1}, 1, false)),
            Map.entry("log_softmax", v -> v[0].logSoftmax(1)),
            Map.entry("relu", v -> v[0].relu()),
            Map.entry("avg_pool_composite", v -> v[0].mean(2, false).sum()),
            Map.entry("composite_mlp", v -> v[0].matmul(v[1]).add(v[2]).tanh().sum(1, false)));

    static Stream<JsonNode> cases() {
        List<JsonNode> list = new ArrayList<>();
        Golden.load("autograd.json").get("cases").forEach(list::add);
        return list.stream();
    }

    @Test
    void everyGoldenCaseHasAnExpression() {
        List<String> names = cases().map(c -> c.get("name").asText()).toList();
        assertEquals(EXPRESSIONS.keySet(), new java.util.HashSet<>(names));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorchFloat64(JsonNode c) {
        String name = c.get("name").asText();
        JsonNode inputs = c.get("inputs");
        Variable[] v = new Variable[inputs.size()];
        for (int i = 0; i < v.length; i++) v[i] = Variable.param(Golden.tensor(inputs.get(i)));
        Variable y = EXPRESSIONS.get(name).apply(v);
        Golden.assertClose(name + " output", c.get("output"), y.data(), RTOL, ATOL);
        y.backward(Golden.tensor(c.get("upstream")));
        for (int i = 0; i < v.length; i++) Golden.assertClose(name + " grad of input " + i, c.get("grads").get(i), v[i].grad(), RTOL, ATOL);
    }
}

package org.fovea.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.fovea.autograd.Variable;
import org.fovea.loss.BCEWithLogitsLoss;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.loss.MSELoss;
import org.fovea.loss.MultiClassSvmLoss;
import org.fovea.tensor.Tensor;
import org.fovea.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layers and losses against PyTorch float64 (scripts/golden/layers_golden.py): output, every input and
 * parameter gradient, and BatchNorm's running statistics. Tolerance 1e-5 relative + 2e-5 absolute.
 */
class LayersGoldenTest {
    private static final double RTOL = 1e-5;
    private static final double ATOL = 2e-5;
    private static final int[] LABELS = {2, 0, 3};

    /** Each case: inputs → output, with a map for extra tensors to compare (running statistics). */
    private static final Map<String, BiFunction<Variable[], Map<String, Tensor>, Variable>> CASES = new HashMap<>();

    static {
        CASES.put("linear", (v, e) -> Functional.linear(v[0], v[1], v[2]));
        CASES.put("conv2d", (v, e) -> Functional.conv2d("conv2d", v[0], v[1], v[2], new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 1}, 1));
        CASES.put("max_pool2d", (v, e) -> Functional.maxPool2d("maxPool", v[0], new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, true));
        CASES.put("batch_norm2d_train", LayersGoldenTest::batchNormTrain);
        CASES.put("batch_norm1d_train", LayersGoldenTest::batchNormTrain);
        CASES.put("batch_norm2d_eval", (v, e) -> Norms.batchNorm("bn", v[0], v[1], v[2], Tensor.of(new float[] {0.1f, -0.2f, 0.3f}, 3),
                Tensor.of(new float[] {0.5f, 1.5f, 2f}, 3), false, 0.1, 1e-5));
        CASES.put("local_response_norm", (v, e) -> new LocalResponseNorm(5, 0.5, 0.75, 2).forward(v[0]));
        CASES.put("local_response_norm_alexnet", (v, e) -> LocalResponseNorm.alexNet().forward(v[0]));
        CASES.put("leaky_relu", (v, e) -> new LeakyReLU(0.1f).forward(v[0]));
        CASES.put("elu", (v, e) -> new ELU(1f).forward(v[0]));
        CASES.put("prelu", (v, e) -> Activations.prelu(v[0], v[1]));
        CASES.put("maxout", (v, e) -> Activations.maxout(v[0], 3));
        CASES.put("adaptive_avg_pool2d", (v, e) -> new AdaptiveAvgPool2d(3, 2).forward(v[0]));
        CASES.put("cross_entropy", (v, e) -> new CrossEntropyLoss().forward(v[0], LABELS));
        CASES.put("cross_entropy_smoothed", (v, e) -> new CrossEntropyLoss(0.1).forward(v[0], LABELS));
        CASES.put("svm_loss", (v, e) -> new MultiClassSvmLoss().forward(v[0], LABELS));
        CASES.put("bce_with_logits", (v, e) -> new BCEWithLogitsLoss().forward(v[0],
                Tensor.of(new float[] {1, 0, 1, 1, 0, 0, 1, 0, 0.5f, 1, 0, 1}, 3, 4)));
        CASES.put("mse", (v, e) -> new MSELoss().forward(v[0], v[1]));
        CASES.put("softmax", (v, e) -> new Softmax(1).forward(v[0]));
    }

    private static Variable batchNormTrain(Variable[] v, Map<String, Tensor> extra) {
        int c = v[1].numel();
        Tensor rm = Tensor.zeros(c);
        Tensor rv = Tensor.ones(c);
        extra.put("running_mean", rm);
        extra.put("running_var", rv);
        return Norms.batchNorm("bn", v[0], v[1], v[2], rm, rv, true, 0.1, 1e-5);
    }

    static Stream<JsonNode> cases() {
        List<JsonNode> list = new ArrayList<>();
        Golden.load("layers.json").get("cases").forEach(list::add);
        return list.stream();
    }

    @Test
    void everyGoldenCaseIsMapped() {
        assertEquals(CASES.keySet(), new HashSet<>(cases().map(c -> c.get("name").asText()).toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(JsonNode c) {
        String name = c.get("name").asText();
        JsonNode inputs = c.get("inputs");
        Variable[] v = new Variable[inputs.size()];
        for (int i = 0; i < v.length; i++) v[i] = Variable.param(Golden.tensor(inputs.get(i)));
        Map<String, Tensor> extra = new HashMap<>();
        Variable y = CASES.get(name).apply(v, extra);
        Golden.assertClose(name + " output", c.get("output"), y.data(), RTOL, ATOL);
        y.backward(Golden.tensor(c.get("upstream")));
        for (int i = 0; i < v.length; i++) Golden.assertClose(name + " grad " + i, c.get("grads").get(i), v[i].grad(), RTOL, ATOL);
        c.get("extra").fields().forEachRemaining(e -> Golden.assertClose(name + " " + e.getKey(), e.getValue(), extra.get(e.getKey()), RTOL, ATOL));
        assertEquals(c.get("extra").size(), extra.size(), name + ": extra tensors compared");
    }
}

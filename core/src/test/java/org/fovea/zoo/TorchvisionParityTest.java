package org.fovea.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.autograd.GradMode;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;
import org.fovea.testing.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with torchvision (scripts/golden/zoo_parity.py): the same formula weights in both, the same input,
 * evaluation mode; Fovea's float32 logits against torchvision's float64 ones within 1e-4 relative + 1e-5
 * absolute (the logits are O(0.1–1), so the 1e-3 absolute would hide a wrong epsilon). The golden
 * file lists torchvision's tensor names and shapes in its order; Fovea's state dict must match them one by one.
 */
class TorchvisionParityTest {
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"alexnet", "vgg11", "vgg16", "resnet18", "resnet50", "googlenet"})
    void logitsMatchTorchvision(String name) {
        JsonNode golden = Golden.load("zoo/" + name + ".json");
        Module model = Models.create(name, Map.of(), new SplittableRandom(0));
        checkMapping(golden.get("tensors"), model.stateDict());
        double checksum = FormulaWeights.load(model);
        assertEquals(golden.get("checksum").asDouble(), checksum, 1e-6 * Math.max(1, Math.abs(checksum)), name + ": weight checksum");
        model.eval();
        Tensor logits;
        try (var scope = GradMode.noGrad()) {
            logits = model.forward(FormulaWeights.input(Golden.ints(golden.get("input_shape")))).data();
        }
        double maxAbs = 0;
        double maxLogit = 0;
        float[] got = logits.toArray();
        JsonNode want = golden.get("logits").get("data");
        for (int i = 0; i < got.length; i++) {
            double g = want.get(i).asDouble();
            maxAbs = Math.max(maxAbs, Math.abs(got[i] - g));
            maxLogit = Math.max(maxLogit, Math.abs(g));
        }
        System.out.printf("parity %s: max |logit| %.3g, max abs diff %.3g (%.3g of the largest logit)%n", name, maxLogit, maxAbs, maxAbs / maxLogit);
        Golden.assertClose(name + " logits", golden.get("logits"), logits, RTOL, ATOL);
    }

    /** Same number of tensors, and at each position the same shape and kind (weight, bias, running_mean, …). */
    private static void checkMapping(JsonNode torchvision, Map<String, Tensor> fovea) {
        List<Map.Entry<String, Tensor>> ours = List.copyOf(fovea.entrySet());
        assertEquals(torchvision.size(), ours.size(), "number of tensors");
        for (int k = 0; k < ours.size(); k++) {
            String theirs = torchvision.get(k).get(0).asText();
            String mine = ours.get(k).getKey();
            String what = "tensor " + k + ": torchvision's " + theirs + " vs Fovea's " + mine;
            assertTrue(theirs.substring(theirs.lastIndexOf('.')).equals(mine.substring(mine.lastIndexOf('.'))), what);
            assertArrayEquals(Golden.ints(torchvision.get(k).get(1)), ours.get(k).getValue().shape(), what);
        }
    }
}

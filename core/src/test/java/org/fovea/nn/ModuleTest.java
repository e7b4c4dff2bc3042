package org.fovea.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModuleTest {
    private static Sequential smallNet(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new Sequential(new Conv2d(1, 4, 3, 1, 1, rng), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Dropout(0.5, rng), new Linear(4 * 4 * 4, 3, rng));
    }

    @Test
    void namesParametersAndBuffersLikePyTorch() {
        Sequential net = smallNet(1);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "6.weight", "6.bias"), List.copyOf(net.namedParameters().keySet()));
        assertEquals(List.of("1.running_mean", "1.running_var"), List.copyOf(net.namedBuffers().keySet()));
        assertEquals(4 * 9 + 4 + 4 + 4 + 64 * 3 + 3, net.parameterCount());
        assertEquals(7850, new Linear(784, 10, new SplittableRandom(0)).parameterCount());
    }

    @Test
    void stateDictRoundTripAndStrictErrors() {
        Sequential a = smallNet(1);
        Sequential b = smallNet(2);
        a.train();
        a.forward(Tensor.randn(new SplittableRandom(3), 2, 1, 8, 8)); // moves a's running statistics
        b.loadStateDict(a.stateDict());
        a.eval();
        b.eval();
        Tensor x = Tensor.randn(new SplittableRandom(4), 2, 1, 8, 8);
        assertArrayEquals(a.forward(x).data().toArray(), b.forward(x).data().toArray());

        Map<String, Tensor> missing = new java.util.LinkedHashMap<>(a.stateDict());
        missing.remove("6.bias");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(missing)).getMessage().contains("missing tensor '6.bias'"));
        Map<String, Tensor> wrongShape = new java.util.LinkedHashMap<>(a.stateDict());
        wrongShape.put("6.weight", Tensor.zeros(3, 10));
        String msg = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(wrongShape)).getMessage();
        assertTrue(msg.contains("'6.weight'") && msg.contains("[3, 10]") && msg.contains("[3, 64]"), msg);
        Map<String, Tensor> extra = new java.util.LinkedHashMap<>(a.stateDict());
        extra.put("7.weight", Tensor.zeros(1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(extra)).getMessage().contains("7.weight"));
    }

    @Test
    void trainAndEvalReachEverySubmodule() {
        Sequential net = smallNet(1);
        net.eval();
        for (Module m : net.layers()) assertFalse(m.isTraining());
        net.train();
        for (Module m : net.layers()) assertTrue(m.isTraining());
    }

    @Test
    void frozenParametersGetNoGradient() {
        Sequential net = smallNet(1);
        ((Module) net.get(0)).freeze(true);
        Variable loss = net.forward(Tensor.randn(new SplittableRandom(5), 2, 1, 8, 8)).sum();
        loss.backward();
        Conv2d conv = (Conv2d) net.get(0);
        assertEquals(null, conv.weight().grad());
        assertTrue(((Linear) net.get(6)).weight().grad() != null);
    }

    @Test
    void impossibleOutputSizesNameTheLayerAndTheFormula() {
        Conv2d conv = new Conv2d(3, 8, 7, new SplittableRandom(0));
        var e = assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(1, 3, 4, 4)));
        assertTrue(e.getMessage().startsWith("Conv2d(3, 8, kernel=7") && e.getMessage().contains("(4 + 2*0 - 7)/1 + 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(1, 2, 9, 9)));
        assertTrue(e.getMessage().contains("2 channels") && e.getMessage().contains("[1, 2, 9, 9]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(5).forward(Tensor.zeros(1, 1, 3, 3)));
        assertTrue(e.getMessage().startsWith("MaxPool2d(") && e.getMessage().contains("(3 + 2*0 - 5)/5 + 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Linear(10, 2, new SplittableRandom(0)).forward(Tensor.zeros(4, 9)));
        assertTrue(e.getMessage().contains("Linear(10, 2)") && e.getMessage().contains("[4, 9]"), e.getMessage());
    }

    @Test
    void dropoutKeepsTheExpectationAndIsTheIdentityInEval() {
        Dropout drop = new Dropout(0.3, new SplittableRandom(6));
        Tensor x = Tensor.full(2f, 200_000);
        float[] y = drop.forward(x).data().toArray();
        int zeros = 0;
        double sum = 0;
        for (float v : y) {
            if (v == 0) zeros++;
            else assertEquals(2f / 0.7f, v, 1e-5);
            sum += v;
        }
        assertEquals(0.3, zeros / 200_000.0, 0.005, "fraction dropped");
        assertEquals(2.0, sum / y.length, 0.02, "expectation kept");
        drop.eval();
        assertArrayEquals(x.toArray(), drop.forward(x).data().toArray());
        Dropout2d drop2d = new Dropout2d(0.5, new SplittableRandom(7));
        float[] maps = drop2d.forward(Tensor.ones(8, 16, 3, 3)).data().toArray();
        for (int ch = 0; ch < 8 * 16; ch++) {
            for (int i = 1; i < 9; i++) assertEquals(maps[ch * 9], maps[ch * 9 + i], "a channel is dropped whole");
        }
    }

    @Test
    void batchNormNormalisesInTrainingAndUsesRunningStatisticsInEval() {
        BatchNorm2d bn = new BatchNorm2d(2);
        Tensor x = Tensor.randn(new SplittableRandom(8), 16, 2, 4, 4).mul(3f).add(5f);
        Tensor y = bn.forward(x).data();
        Tensor mean = y.mean(new int[] {0, 2, 3}, false);
        Tensor var = y.var(new int[] {0, 2, 3}, 0, false);
        for (int c = 0; c < 2; c++) {
            assertEquals(0, mean.get(c), 1e-4);
            assertEquals(1, var.get(c), 1e-3);
        }
        Tensor batchMean = x.mean(new int[] {0, 2, 3}, false);
        Tensor batchVar = x.var(new int[] {0, 2, 3}, 1, false);
        for (int c = 0; c < 2; c++) {
            assertEquals(0.1 * batchMean.get(c), bn.runningMean().get(c), 1e-4);
            assertEquals(0.9 + 0.1 * batchVar.get(c), bn.runningVar().get(c), 1e-3);
        }
        bn.eval();
        Tensor z = bn.forward(x).data();
        float expected = (float) ((x.get(3, 1, 2, 2) - bn.runningMean().get(1)) / Math.sqrt(bn.runningVar().get(1) + 1e-5));
        assertEquals(expected, z.get(3, 1, 2, 2), 1e-4);
        try (var scope = GradMode.noGrad()) {
            assertFalse(bn.forward(x).requiresGrad());
        }
    }
}

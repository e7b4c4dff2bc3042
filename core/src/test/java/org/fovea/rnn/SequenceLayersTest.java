package org.fovea.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Shapes, parameter names, truncated BPTT, and bad input: each error names the layer and the shapes. */
class SequenceLayersTest {
    private final SplittableRandom rng = new SplittableRandom(7);

    private static void assertMessage(Executable call, String... parts) {
        String msg = assertThrows(IllegalArgumentException.class, call).getMessage();
        for (String p : parts) assertTrue(msg.contains(p), "message '" + msg + "' should contain '" + p + "'");
    }

    @Test
    void shapesAndPyTorchParameterNames() {
        LSTM lstm = new LSTM(3, 5, 2, true, rng);
        RecurrentOutput out = lstm.forward(Variable.of(Tensor.zeros(4, 6, 3)), null);
        assertArrayEquals(new int[] {4, 6, 10}, out.output().shape());
        assertArrayEquals(new int[] {4, 4, 5}, out.state().h().shape());
        assertArrayEquals(new int[] {4, 4, 5}, out.state().c().shape());
        assertEquals(java.util.List.of("weight_l0", "bias_l0", "weight_l0_reverse", "bias_l0_reverse",
                "weight_l1", "bias_l1", "weight_l1_reverse", "bias_l1_reverse"), java.util.List.copyOf(lstm.namedParameters().keySet()));
        assertArrayEquals(new int[] {20, 5 + 10}, lstm.namedParameters().get("weight_l1").shape());
        GRU gru = new GRU(3, 5, rng);
        assertArrayEquals(new int[] {2, 6, 5}, gru.forward(Variable.of(Tensor.zeros(2, 6, 3))).shape());
        assertEquals(null, gru.forward(Variable.of(Tensor.zeros(2, 6, 3)), null).state().c());
        assertArrayEquals(new int[] {2, 4, 3, 7}, new Embedding(10, 7, rng).forward(Tensor.zeros(2, 4, 3)).shape());
        assertArrayEquals(new int[] {2, 8, 5}, new Conv1d(3, 8, 3, 2, 1, 1, 1, true, rng).forward(Tensor.zeros(2, 3, 10)).shape());
    }

    @Test
    void lstmGateMappingFromPyTorch() {
        Tensor pytorch = Tensor.arange(8).reshape(8, 1); // H = 2: rows i i f f g g o o
        assertArrayEquals(new float[] {0, 1, 2, 3, 6, 7, 4, 5}, LSTM.fromPyTorchGates(pytorch).toArray());
    }

    @Test
    void truncatedBpttStopsAtTheDetachedState() {
        LSTM lstm = new LSTM(2, 3, rng);
        Variable x1 = Variable.param(Tensor.randn(rng, 2, 4, 2));
        RecurrentOutput first = lstm.forward(x1, null);
        first.output().sum().backward();
        assertNotNull(x1.grad());
        RecurrentState carried = first.state().detach();
        assertFalse(carried.h().requiresGrad());
        assertFalse(carried.c().requiresGrad());
        assertTrue(first.state().h().requiresGrad());
        // The second chunk starts from the first one's final values, but its backward ends there.
        lstm.zeroGrad();
        Variable x2 = Variable.param(Tensor.randn(rng, 2, 4, 2));
        RecurrentOutput second = lstm.forward(x2, carried);
        second.output().sum().backward();
        assertNotNull(x2.grad());
        RecurrentOutput fromZero = lstm.forward(Variable.of(x2.data()), null);
        assertFalse(second.output().data().allClose(fromZero.output().data(), 1e-6f, 1e-6f), "the carried state must be used");
    }

    @Test
    void recurrentBadInput() {
        LSTM lstm = new LSTM(3, 4, 2, false, rng);
        assertMessage(() -> lstm.forward(Variable.of(Tensor.zeros(2, 3))), "LSTM(3, 4, numLayers=2)", "(N, T, 3)", "[2, 3]");
        assertMessage(() -> lstm.forward(Variable.of(Tensor.zeros(2, 5, 4))), "LSTM(3, 4, numLayers=2)", "[2, 5, 4]");
        assertMessage(() -> lstm.forward(Variable.of(Tensor.zeros(2, 5, 3)), RecurrentState.of(Variable.of(Tensor.zeros(1, 2, 4)))),
                "initial h", "[2, 2, 4]", "[1, 2, 4]");
        RNN rnn = new RNN(3, 4, rng);
        assertMessage(() -> rnn.forward(Variable.of(Tensor.zeros(2, 5, 3)),
                new RecurrentState(Variable.of(Tensor.zeros(1, 2, 4)), Variable.of(Tensor.zeros(1, 2, 4)))), "RNN(3, 4)", "no cell state");
        assertMessage(() -> new GRU(0, 4, rng), "GRU", "inputSize=0");
        assertMessage(() -> rnn.loadPyTorchStateDict(Map.of("weight_ih_l0", Tensor.zeros(4, 3))), "missing tensor", "weight_hh_l0");
        assertMessage(() -> rnn.loadPyTorchStateDict(Map.of("weight_ih_l1", Tensor.zeros(4, 3))), "unexpected tensors", "weight_ih_l1");
        assertMessage(() -> new GRU(3, 4, rng).loadPyTorchStateDict(Map.of("weight_ih_l0", Tensor.zeros(12, 5), "weight_hh_l0", Tensor.zeros(12, 4),
                "bias_ih_l0", Tensor.zeros(12), "bias_hh_l0", Tensor.zeros(12))), "weight_ih_l0", "[12, 5]", "[12, 3]");
    }

    @Test
    void embeddingBadInput() {
        Embedding e = new Embedding(5, 2, rng);
        assertMessage(() -> e.forward(new int[][] {{0, 5}}), "Embedding(5, 2)", "index 5", "[0, 5)", "[1, 2]");
        assertMessage(() -> e.forward(new int[][] {{-1}}), "Embedding(5, 2)", "index -1");
        assertMessage(() -> e.forward(Tensor.of(new float[] {1.5f}, 1, 1)), "Embedding(5, 2)", "not an integer");
        assertMessage(() -> e.forward(new int[][] {{0, 1}, {2}}), "Embedding(5, 2)", "ragged");
    }

    @Test
    void conv1dBadInput() {
        Conv1d conv = new Conv1d(3, 4, 5, rng);
        assertMessage(() -> conv.forward(Tensor.zeros(2, 3, 4, 4)), "Conv1d(3, 4, kernel=5", "(N, C, L)", "[2, 3, 4, 4]");
        assertMessage(() -> conv.forward(Tensor.zeros(2, 2, 9)), "Conv1d(3, 4, kernel=5", "[2, 2, 9]", "[4, 3, 5]");
        assertMessage(() -> conv.forward(Tensor.zeros(2, 3, 3)), "Conv1d(3, 4, kernel=5", "[2, 3, 3]");
        assertMessage(() -> new Conv1d(3, 4, 0, rng), "Conv1d", "kernel=0");
    }

    @Test
    void temporalLossBadInputAndMask() {
        TemporalCrossEntropy loss = new TemporalCrossEntropy();
        Variable s = Variable.param(Tensor.randn(rng, 2, 3, 4));
        assertMessage(() -> loss.forward(Variable.of(Tensor.zeros(2, 3)), new int[][] {{0}}, null), "TemporalCrossEntropy", "(N, T, V)", "[2, 3]");
        assertMessage(() -> loss.forward(s, new int[][] {{0, 1, 2}}, null), "TemporalCrossEntropy", "targets", "[2, 3, 4]");
        assertMessage(() -> loss.forward(s, new int[][] {{0, 1, 2}, {0, 1}}, null), "targets row 1", "need 3");
        assertMessage(() -> loss.forward(s, new int[][] {{0, 1, 4}, {0, 1, 2}}, null), "target 4", "(0, 2)", "[0, 4)");
        assertMessage(() -> loss.forward(s, Tensor.zeros(2, 3), Tensor.full(2, 2, 3)), "mask values must be 0 or 1");
        // A masked position may hold any target (padding) and gets no gradient.
        Variable l = loss.forward(s, new int[][] {{0, 1, 99}, {0, 1, 2}}, new boolean[][] {{true, true, false}, {true, true, true}});
        l.backward();
        for (int v = 0; v < 4; v++) assertEquals(0f, s.grad().get(0, 2, v));
    }
}

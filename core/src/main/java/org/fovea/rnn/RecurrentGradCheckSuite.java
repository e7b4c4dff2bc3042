package org.fovea.rnn;

import static org.fovea.autograd.GradCheckSuite.normal;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.fovea.autograd.GradCheck;
import org.fovea.autograd.GradCheckSuite.Case;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Every sequence layer as a gradient-check case (as {@link org.fovea.nn.LayerGradCheckSuite}): the
 * functional forms of RNN, LSTM and GRU in both directions with respect to the input, the initial states
 * and every parameter; the stacked bidirectional modules with respect to input and initial states (their
 * parameters are checked per layer by the functional cases and against PyTorch by the golden test);
 * Embedding, Conv1d and the masked temporal loss. Eps 1e-2 and threshold 1e-3, but 5e-3 for
 * the recurrences (see RECURRENT) and a step of 1 for Conv1d, which is linear in each input element.
 */
public final class RecurrentGradCheckSuite {
    private RecurrentGradCheckSuite() {}

    private static final GradCheck.Options DEFAULT = GradCheck.Options.defaults();
    /**
     * NOTE: through T steps of σ/tanh with a matmul per step, float32 rounding of the outputs (~1e-5 on the
     * difference quotient) and the eps² truncation error are of the same size as 1e-3 of the floor, so the
     * recurrent cases use threshold 5e-3 (as batch norm in LayerGradCheckSuite); a wrong backward gives
     * errors of order 1, and the exact values are checked against PyTorch float64 by the golden test.
     */
    private static final GradCheck.Options RECURRENT = DEFAULT.withThreshold(5e-3);
    private static final int N = 2;
    private static final int T = 3;
    private static final int D = 3;
    private static final int H = 4;

    private static Case r(String name, Function<SplittableRandom, Tensor[]> in, Function<Variable[], Variable> f) {
        return new Case(name, in, f, RECURRENT);
    }

    private static Case c(String name, Function<SplittableRandom, Tensor[]> in, Function<Variable[], Variable> f) {
        return new Case(name, in, f, DEFAULT);
    }

    private static Tensor[] t(Tensor... x) { return x; }

    /** N(0, 0.5²): keeps tanh and σ away from saturation, where float32 differences lose their digits. */
    private static Tensor half(SplittableRandom r, int... shape) { return normal(r, shape).mul(0.5f); }

    /** Output, final h and final c of a module as one vector, so one check covers all three. */
    private static Variable all(RecurrentOutput o) {
        Variable h = Variable.concat(0, o.output().reshape(-1), o.state().h().reshape(-1));
        return o.state().c() == null ? h : Variable.concat(0, h, o.state().c().reshape(-1));
    }

    public static List<Case> cases() {
        SplittableRandom init = new SplittableRandom(10);
        RNN rnn = new RNN(D, 3, 2, true, init);
        LSTM lstm = new LSTM(D, 3, 2, true, init);
        GRU gru = new GRU(D, 3, 2, true, init);
        int[] tokens = {1, 4, 1, 0, 2, 4};
        int[][] targets = {{0, 3, 4}, {2, 2, 1}};
        boolean[][] mask = {{true, true, false}, {true, false, false}};
        return List.of(
                r("rnn", r -> t(normal(r, N, T, D), half(r, N, H), half(r, H, D), half(r, H, H), half(r, H)),
                        v -> RNN.rnn(v[0], v[1], v[2], v[3], v[4], false)),
                r("rnn_reverse", r -> t(normal(r, N, T, D), half(r, N, H), half(r, H, D), half(r, H, H), half(r, H)),
                        v -> RNN.rnn(v[0], v[1], v[2], v[3], v[4], true)),
                r("lstm", r -> t(normal(r, N, T, D), half(r, N, H), normal(r, N, H), half(r, 4 * H, H + D), half(r, 4 * H)),
                        v -> LSTM.lstm(v[0], v[1], v[2], v[3], v[4], false)),
                r("lstm_reverse", r -> t(normal(r, N, T, D), half(r, N, H), normal(r, N, H), half(r, 4 * H, H + D), half(r, 4 * H)),
                        v -> LSTM.lstm(v[0], v[1], v[2], v[3], v[4], true)),
                r("gru", r -> t(normal(r, N, T, D), half(r, N, H), half(r, 3 * H, D), half(r, 3 * H, H), half(r, 3 * H), half(r, 3 * H)),
                        v -> GRU.gru(v[0], v[1], v[2], v[3], v[4], v[5], false)),
                r("gru_reverse", r -> t(normal(r, N, T, D), half(r, N, H), half(r, 3 * H, D), half(r, 3 * H, H), half(r, 3 * H), half(r, 3 * H)),
                        v -> GRU.gru(v[0], v[1], v[2], v[3], v[4], v[5], true)),
                r("rnn_stacked_bidirectional", r -> t(normal(r, N, T, D), half(r, 4, N, 3)),
                        v -> all(rnn.forward(v[0], RecurrentState.of(v[1])))),
                r("lstm_stacked_bidirectional", r -> t(normal(r, N, T, D), half(r, 4, N, 3), normal(r, 4, N, 3)),
                        v -> all(lstm.forward(v[0], new RecurrentState(v[1], v[2])))),
                r("gru_stacked_bidirectional", r -> t(normal(r, N, T, D), half(r, 4, N, 3)),
                        v -> all(gru.forward(v[0], RecurrentState.of(v[1])))),
                c("embedding", r -> t(normal(r, 5, 3)), v -> Embedding.embedding(v[0], tokens).tanh()),
                new Case("conv1d", r -> t(normal(r, 2, 3, 9), normal(r, 4, 3, 3), normal(r, 4)),
                        v -> Conv1d.conv1d("conv1d", v[0], v[1], v[2], 2, 1, 2, 1), DEFAULT.withEps(1)),
                c("temporal_cross_entropy", r -> t(normal(r, N, T, 5)),
                        v -> new TemporalCrossEntropy().forward(v[0], targets, mask)),
                c("temporal_cross_entropy_sum_over_time", r -> t(normal(r, N, T, 5)),
                        v -> new TemporalCrossEntropy(TemporalCrossEntropy.Reduction.SUM_OVER_TIME).forward(v[0], targets, mask)));
    }
}

package org.fovea.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fovea.autograd.Variable;
import org.fovea.optim.Optimizer;
import org.fovea.optim.SGD;
import org.fovea.rnn.LSTM;
import org.fovea.tensor.Tensor;

/**
 * {@code fovea bench train --model lstm}: sequences/s of one LSTM layer (input 64, hidden 256, T = 50 by
 * default) on a fixed random batch, forward + backward of L = Σ output ⊙ R (R fixed random) + an SGD step,
 * after 10 untimed steps; PyTorch's nn.LSTM does the same in scripts/bench/train_pytorch.py.
 */
final class LstmBench {
    static final int INPUT = 64;
    static final int STEPS_T = 50;

    private LstmBench() {}

    /** Sequences/s over {@code steps} timed steps. */
    static double fovea(int batch, int hidden, int steps, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        LSTM lstm = new LSTM(INPUT, hidden, rng);
        Variable x = Variable.of(Tensor.randn(rng, batch, STEPS_T, INPUT));
        Variable r = Variable.of(Tensor.randn(rng, batch, STEPS_T, hidden));
        Optimizer opt = new SGD(lstm.parameters(), 0.01, 0.9, 0, false);
        long start = 0;
        for (int s = 0; s < steps + 10; s++) {
            if (s == 10) start = System.nanoTime();
            opt.zeroGrad();
            lstm.forward(x).mul(r).sum().backward();
            opt.step();
        }
        return (double) steps * batch / ((System.nanoTime() - start) / 1e9);
    }

    /** PyTorch's sequences/s, one figure per run. */
    static List<Double> pytorch(int batch, int hidden, int steps, int threads, long seed, int runs) throws IOException {
        List<String> args = List.of("--model", "lstm", "--hidden", Integer.toString(hidden), "--batch", Integer.toString(batch),
                "--input-size", Integer.toString(INPUT), "--seq-length", Integer.toString(STEPS_T), "--threads", Integer.toString(threads),
                "--steps", Integer.toString(steps), "--seed", Long.toString(seed));
        List<Double> speeds = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            for (JsonNode line : PyTorchPeer.run("train_pytorch.py", args)) {
                if (line.get("name").asText().equals("pytorch.lstm")) speeds.add(line.get("sequences_per_s").asDouble());
            }
        }
        return speeds;
    }
}

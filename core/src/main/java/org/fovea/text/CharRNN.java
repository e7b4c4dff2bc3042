package org.fovea.text;

import java.util.random.RandomGenerator;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.nn.Linear;
import org.fovea.nn.Module;
import org.fovea.rnn.Embedding;
import org.fovea.rnn.LSTM;
import org.fovea.rnn.RecurrentOutput;
import org.fovea.rnn.RecurrentState;
import org.fovea.tensor.Tensor;

/**
 * Character-level language model (Karpathy's char-rnn, CS231n lecture 10): embedding → stacked LSTM → a
 * linear layer scoring the next character. Trained with truncated backpropagation through time, the state
 * carried from one window of text to the next; sampled one character at a time.
 * Shape: tokens (N, T) → scores (N, T, V); state h, c (numLayers, N, H).
 */
public class CharRNN extends Module {
    private final int vocab;
    private final Embedding embedding;
    private final LSTM lstm;
    private final Linear head;

    public CharRNN(int vocab, int embeddingDim, int hiddenSize, int numLayers, RandomGenerator rng) {
        this.vocab = vocab;
        embedding = registerModule("embedding", new Embedding(vocab, embeddingDim, rng));
        lstm = registerModule("lstm", new LSTM(embeddingDim, hiddenSize, numLayers, false, rng));
        head = registerModule("head", new Linear(hiddenSize, vocab, rng));
    }

    /** Scores and the final state. */
    public record Output(Variable scores, RecurrentState state) {}

    /** From zero initial states: tokens (N, T) held as whole numbers → scores (N, T, V). */
    @Override
    public Variable forward(Variable tokens) {
        int n = tokens.size(0);
        int t = tokens.size(1);
        Variable h = lstm.forward(embedding.forward(tokens));
        return head.forward(h.reshape(n * t, -1)).reshape(n, t, vocab);
    }

    /** One window of text from {@code state} (null: zeros). */
    public Output forward(int[][] tokens, RecurrentState state) {
        RecurrentOutput out = lstm.forward(embedding.forward(tokens), state);
        int n = tokens.length;
        int t = tokens[0].length;
        Variable scores = head.forward(out.output().reshape(n * t, -1)).reshape(n, t, vocab);
        return new Output(scores, out.state());
    }

    /**
     * Generates {@code length} characters after reading {@code prime} (at least one token): each next
     * character is drawn from softmax(scores / temperature); temperature 0 takes the most probable one.
     */
    public int[] sample(int[] prime, int length, double temperature, RandomGenerator rng) {
        if (prime.length == 0) throw new IllegalArgumentException("CharRNN.sample: the prime needs at least one character");
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("CharRNN.sample: temperature must be finite and >= 0, got " + temperature);
        }
        int[] out = new int[length];
        try (var scope = GradMode.noGrad()) {
            Output o = forward(new int[][] {prime}, null);
            float[] last = o.scores().data().select(1, prime.length - 1).contiguous().toArray();
            RecurrentState state = o.state();
            for (int i = 0; i < length; i++) {
                out[i] = draw(last, temperature, rng);
                o = forward(new int[][] {{out[i]}}, state);
                state = o.state();
                last = o.scores().data().contiguous().toArray();
            }
        }
        return out;
    }

    /** An index drawn from softmax(scores / temperature), or the argmax for temperature 0. */
    static int draw(float[] scores, double temperature, RandomGenerator rng) {
        int best = 0;
        for (int j = 1; j < scores.length; j++) if (scores[j] > scores[best]) best = j;
        if (temperature == 0) return best;
        double[] p = new double[scores.length];
        double sum = 0;
        for (int j = 0; j < scores.length; j++) sum += p[j] = Math.exp((scores[j] - scores[best]) / temperature);
        double u = rng.nextDouble() * sum;
        for (int j = 0; j < scores.length; j++) {
            u -= p[j];
            if (u < 0) return j;
        }
        return best;
    }

    public int vocab() { return vocab; }

    @Override
    protected String extraRepr() { return "vocab=" + vocab; }
}

package org.fovea.rnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.nn.Linear;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;

/**
 * LSTM encoder–decoder (Sutskever et al. 2014): the encoder reads the source, its final (h, c) starts the
 * decoder, which predicts the target one token at a time. Training uses teacher forcing (the decoder reads
 * the true previous token, {@link #forward(int[][], int[][])}); inference feeds back its own predictions,
 * greedily ({@link #greedy}) or keeping the {@code beamWidth} most probable prefixes ({@link #beamSearch}).
 * Source and target share one vocabulary and embedding; {@code bos} starts and {@code eos} ends a target.
 * Shape: source (N, S), target input (N, T) → scores (N, T, V).
 */
public class Seq2Seq extends Module {
    private final int vocab;
    private final int bos;
    private final int eos;
    private final Embedding embedding;
    private final LSTM encoder;
    private final LSTM decoder;
    private final Linear head;

    public Seq2Seq(int vocab, int bos, int eos, int embeddingDim, int hiddenSize, int numLayers, RandomGenerator rng) {
        if (bos < 0 || bos >= vocab || eos < 0 || eos >= vocab) {
            throw new IllegalArgumentException("Seq2Seq: bos " + bos + " and eos " + eos + " must be tokens in [0, " + vocab + ")");
        }
        this.vocab = vocab;
        this.bos = bos;
        this.eos = eos;
        embedding = registerModule("embedding", new Embedding(vocab, embeddingDim, rng));
        encoder = registerModule("encoder", new LSTM(embeddingDim, hiddenSize, numLayers, false, rng));
        decoder = registerModule("decoder", new LSTM(embeddingDim, hiddenSize, numLayers, false, rng));
        head = registerModule("head", new Linear(hiddenSize, vocab, rng));
    }

    /** Not defined for a single tensor: use {@link #forward(int[][], int[][])}. */
    @Override
    public Variable forward(Variable x) {
        throw new UnsupportedOperationException("Seq2Seq: call forward(source, targetInput) with token arrays");
    }

    /** The encoder's final state. Shape: (N, S) → h, c (numLayers, N, H). */
    public RecurrentState encode(int[][] source) { return encoder.forward(embedding.forward(source), null).state(); }

    /** Teacher forcing: targetInput is bos followed by the target without its last token. Shape: → (N, T, V). */
    public Variable forward(int[][] source, int[][] targetInput) {
        if (source.length != targetInput.length) {
            throw new IllegalArgumentException("Seq2Seq: " + source.length + " sources but " + targetInput.length + " targets");
        }
        return decode(targetInput, encode(source)).scores();
    }

    private record Step(Variable scores, RecurrentState state) {}

    private Step decode(int[][] tokens, RecurrentState state) {
        RecurrentOutput out = decoder.forward(embedding.forward(tokens), state);
        int n = tokens.length;
        int t = tokens[0].length;
        Variable y = out.output().reshape(n * t, -1);
        return new Step(head.forward(y).reshape(n, t, vocab), out.state());
    }

    /** Greedy decoding: the most probable token at each step, up to eos or maxLength tokens (eos not included). */
    public int[][] greedy(int[][] source, int maxLength) {
        try (var scope = GradMode.noGrad()) {
            int n = source.length;
            RecurrentState state = encode(source);
            int[][] prev = new int[n][1];
            for (int[] p : prev) p[0] = bos;
            List<List<Integer>> out = new ArrayList<>();
            boolean[] done = new boolean[n];
            for (int i = 0; i < n; i++) out.add(new ArrayList<>());
            for (int step = 0; step < maxLength; step++) {
                Step s = decode(prev, state);
                state = s.state();
                Tensor best = s.scores().data().argmax(2, false);
                boolean all = true;
                for (int i = 0; i < n; i++) {
                    int tok = (int) best.get(i, 0);
                    prev[i][0] = tok;
                    if (!done[i]) {
                        if (tok == eos) done[i] = true;
                        else out.get(i).add(tok);
                    }
                    all &= done[i];
                }
                if (all) break;
            }
            int[][] result = new int[n][];
            for (int i = 0; i < n; i++) result[i] = out.get(i).stream().mapToInt(Integer::intValue).toArray();
            return result;
        }
    }

    private record Hypothesis(int[] tokens, double logProb, int beam) {}

    /**
     * Beam search for one source: keeps the beamWidth most probable prefixes (summed log-probabilities),
     * finishes a prefix when it emits eos, and returns the most probable finished one (eos not included);
     * if none finished within maxLength tokens, the most probable prefix. Width 1 is greedy decoding.
     */
    public int[] beamSearch(int[] source, int beamWidth, int maxLength) {
        if (beamWidth < 1) throw new IllegalArgumentException("Seq2Seq.beamSearch: beamWidth must be >= 1, got " + beamWidth);
        try (var scope = GradMode.noGrad()) {
            RecurrentState state = encode(new int[][] {source});
            List<Hypothesis> live = List.of(new Hypothesis(new int[0], 0, 0));
            List<Hypothesis> finished = new ArrayList<>();
            for (int step = 0; step < maxLength && !live.isEmpty(); step++) {
                int b = live.size();
                int[][] prev = new int[b][1];
                int[] rows = new int[b];
                for (int k = 0; k < b; k++) {
                    int[] t = live.get(k).tokens();
                    prev[k][0] = t.length == 0 ? bos : t[t.length - 1];
                    rows[k] = live.get(k).beam();
                }
                RecurrentState beams = new RecurrentState(state.h().indexSelect(1, rows), state.c().indexSelect(1, rows));
                Step s = decode(prev, beams);
                state = s.state();
                Tensor logp = s.scores().logSoftmax(2).data();
                List<Hypothesis> candidates = new ArrayList<>();
                for (int k = 0; k < b; k++) {
                    for (int v = 0; v < vocab; v++) {
                        int[] t = Arrays.copyOf(live.get(k).tokens(), live.get(k).tokens().length + 1);
                        t[t.length - 1] = v;
                        candidates.add(new Hypothesis(t, live.get(k).logProb() + logp.get(k, 0, v), k));
                    }
                }
                candidates.sort(Comparator.comparingDouble(Hypothesis::logProb).reversed());
                List<Hypothesis> next = new ArrayList<>();
                for (Hypothesis h : candidates) {
                    if (next.size() + finished.size() >= beamWidth) break;
                    if (h.tokens()[h.tokens().length - 1] == eos) finished.add(h);
                    else next.add(h);
                }
                live = next;
            }
            List<Hypothesis> pool = finished.isEmpty() ? live : finished;
            Hypothesis best = pool.stream().max(Comparator.comparingDouble(Hypothesis::logProb)).orElseThrow();
            int[] t = best.tokens();
            return t.length > 0 && t[t.length - 1] == eos ? Arrays.copyOf(t, t.length - 1) : t;
        }
    }

    @Override
    protected String extraRepr() { return "vocab=" + vocab + ", bos=" + bos + ", eos=" + eos; }
}

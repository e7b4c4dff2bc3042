package org.fovea.rnn;

import java.util.SplittableRandom;
import org.fovea.autograd.Variable;
import org.fovea.optim.Adam;
import org.fovea.optim.Optimizer;

/**
 * The sequence-to-sequence demonstration: a {@link Seq2Seq} learns to reverse digit strings
 * ("3141" → "1413"), trained with teacher forcing, Adam and gradient clipping on freshly drawn strings,
 * evaluated by exact match of greedy and beam-search decoding on held-out strings. Tokens 0–9 are the
 * digits, 10 is bos, 11 eos. Each batch has one length drawn from [minLength, maxLength], so no padding
 * is needed. Run: {@code java --add-modules jdk.incubator.vector -cp core/target/classes org.fovea.rnn.ReverseDigits [steps]}
 * (1500 steps: 99.6 % greedy and beam-3 exact match on 1000 held-out strings, ~20 s on 2 cores).
 */
public final class ReverseDigits {
    static final int BOS = 10;
    static final int EOS = 11;

    /** The training set-up; no hyper-parameters live in the model. */
    public record Config(int minLength, int maxLength, int embeddingDim, int hiddenSize, int batch, int steps, double lr,
                         int evalSamples, int beamWidth, long seed) {
        public static Config demo(int steps) { return new Config(3, 8, 32, 128, 64, steps, 3e-3, 1000, 3, 231); }
    }

    /** Exact-match accuracies on held-out strings, the last training loss and the training time. */
    public record Result(double greedyAccuracy, double beamAccuracy, double finalLoss, double seconds) {}

    private ReverseDigits() {}

    public static Result run(Config c, boolean log) {
        SplittableRandom rng = new SplittableRandom(c.seed());
        Seq2Seq model = new Seq2Seq(12, BOS, EOS, c.embeddingDim(), c.hiddenSize(), 1, rng);
        Optimizer opt = new Adam(model.parameters(), c.lr());
        TemporalCrossEntropy lossFn = new TemporalCrossEntropy();
        long start = System.nanoTime();
        double smoothed = Double.NaN;
        for (int step = 1; step <= c.steps(); step++) {
            int len = rng.nextInt(c.minLength(), c.maxLength() + 1);
            int[][] src = new int[c.batch()][len];
            int[][] tgtIn = new int[c.batch()][len + 1];
            int[][] tgtOut = new int[c.batch()][len + 1];
            for (int i = 0; i < c.batch(); i++) {
                for (int t = 0; t < len; t++) src[i][t] = rng.nextInt(10);
                tgtIn[i][0] = BOS;
                for (int t = 0; t < len; t++) tgtIn[i][t + 1] = tgtOut[i][t] = src[i][len - 1 - t];
                tgtOut[i][len] = EOS;
            }
            opt.zeroGrad();
            Variable loss = lossFn.forward(model.forward(src, tgtIn), tgtOut, null);
            loss.backward();
            Optimizer.clipGradNorm(model.parameters(), 5);
            opt.step();
            smoothed = Double.isNaN(smoothed) ? loss.item() : 0.95 * smoothed + 0.05 * loss.item();
            if (log && step % 200 == 0) System.err.printf("step %d  loss %.4f  %.1f s%n", step, smoothed, (System.nanoTime() - start) / 1e9);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        SplittableRandom test = new SplittableRandom(c.seed() + 1);
        int greedyHits = 0;
        int beamHits = 0;
        int n = c.evalSamples();
        int[][] src = new int[1][];
        for (int i = 0; i < n; i++) {
            int len = test.nextInt(c.minLength(), c.maxLength() + 1);
            int[] s = new int[len];
            int[] want = new int[len];
            for (int t = 0; t < len; t++) s[t] = test.nextInt(10);
            for (int t = 0; t < len; t++) want[t] = s[len - 1 - t];
            src[0] = s;
            if (java.util.Arrays.equals(model.greedy(src, len + 3)[0], want)) greedyHits++;
            if (c.beamWidth() > 0 && java.util.Arrays.equals(model.beamSearch(s, c.beamWidth(), len + 3), want)) beamHits++;
        }
        return new Result((double) greedyHits / n, (double) beamHits / n, smoothed, seconds);
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        Result r = run(Config.demo(steps), true);
        System.out.printf("reverse digit strings (length 3-8), %d steps in %.0f s: exact match greedy %.1f %%, beam(3) %.1f %%%n",
                steps, r.seconds(), 100 * r.greedyAccuracy(), 100 * r.beamAccuracy());
    }

}

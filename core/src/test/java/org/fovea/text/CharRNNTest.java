package org.fovea.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.SplittableRandom;
import org.fovea.autograd.Variable;
import org.fovea.optim.Adam;
import org.fovea.optim.Optimizer;
import org.fovea.rnn.RecurrentState;
import org.fovea.rnn.TemporalCrossEntropy;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CharRNNTest {
    static String opening() throws IOException {
        try (InputStream in = CharRNNTest.class.getResourceAsStream("/text/moby-dick-opening.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void learnsAText() throws IOException {
        String text = opening();
        CharVocabulary v = CharVocabulary.of(text);
        CharStreams streams = new CharStreams(v.encode(text), 16, 32);
        CharRNN net = new CharRNN(v.size(), 16, 64, 1, new SplittableRandom(1));
        Optimizer opt = new Adam(net.parameters(), 1e-2, 0.9, 0.999, 1e-8, 0);
        TemporalCrossEntropy loss = new TemporalCrossEntropy();
        double first = 0;
        double last = 0;
        for (int epoch = 0; epoch < 8; epoch++) {
            Iterator<CharStreams.Window> w = streams.windows(0);
            RecurrentState state = null;
            double sum = 0;
            int count = 0;
            while (w.hasNext()) {
                CharStreams.Window b = w.next();
                CharRNN.Output o = net.forward(b.inputs(), state);
                Variable l = loss.forward(o.scores(), b.targets(), null);
                opt.zeroGrad();
                l.backward();
                Optimizer.clipGradNorm(net.parameters(), 5);
                opt.step();
                state = o.state().detach();
                sum += l.data().item();
                count++;
            }
            if (epoch == 0) first = sum / count;
            last = sum / count;
        }
        // A uniform guess costs ln(V) ≈ 3.9 nats; unigram statistics alone about 3.0.
        assertTrue(first > 3.0, "first epoch loss " + first);
        assertTrue(last < 2.5 && last < first - 0.8, "last epoch loss " + last + " after a first of " + first);
        net.eval();
        String sample = v.decode(net.sample(v.encode("Call me"), 60, 0.5, new SplittableRandom(2)));
        assertEquals(60, sample.codePointCount(0, sample.length()));
        assertTrue(sample.contains(" "), "a trained model writes words: " + sample);
    }

    @Test
    void samplingIsSeededAndTemperatureZeroIsGreedy() {
        CharRNN net = new CharRNN(7, 4, 8, 2, new SplittableRandom(3));
        int[] a = net.sample(new int[] {1, 2}, 30, 1.0, new SplittableRandom(9));
        assertArrayEquals(a, net.sample(new int[] {1, 2}, 30, 1.0, new SplittableRandom(9)));
        int[] greedy = net.sample(new int[] {1, 2}, 5, 0, new SplittableRandom(1));
        // The first greedy character is the argmax of the scores after reading the prime.
        Tensor scores = net.forward(Variable.of(Tensor.of(new float[] {1, 2}, 1, 2))).data();
        assertEquals((int) scores.select(1, 1).argmax(1, false).get(0), greedy[0]);
        assertThrows(IllegalArgumentException.class, () -> net.sample(new int[0], 5, 1, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> net.sample(new int[] {1}, 5, -1, new SplittableRandom(1)));
    }

    @Test
    void drawFollowsTheTemperedSoftmax() {
        float[] scores = {0, (float) Math.log(3)};             // probabilities 1/4, 3/4 at temperature 1
        SplittableRandom rng = new SplittableRandom(5);
        int ones = 0;
        for (int i = 0; i < 20000; i++) ones += CharRNN.draw(scores, 1.0, rng);
        assertEquals(0.75, ones / 20000.0, 0.015);
        int sharp = 0;
        for (int i = 0; i < 20000; i++) sharp += CharRNN.draw(scores, 0.5, rng);   // 1 : 9 at temperature 1/2
        assertEquals(0.9, sharp / 20000.0, 0.015);
    }
}

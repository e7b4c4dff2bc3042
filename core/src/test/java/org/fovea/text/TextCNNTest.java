package org.fovea.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.optim.Adam;
import org.fovea.optim.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCNNTest {
    @TempDir Path dir;

    /** Token 2 or 3 at a random place among noise tokens 4…19 decides the class: max over time must find it. */
    private static int[][] texts(int n, int length, int[] labels, SplittableRandom rng) {
        int[][] x = new int[n][length];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(2);
            for (int t = 0; t < length; t++) x[i][t] = 4 + rng.nextInt(16);
            x[i][rng.nextInt(length)] = 2 + labels[i];
        }
        return x;
    }

    @Test
    void findsTheDecisiveWordAnywhere() {
        SplittableRandom rng = new SplittableRandom(4);
        TextCNN net = new TextCNN(20, 8, new int[] {3, 4, 5}, 8, 2, 0.5, rng);
        Optimizer opt = new Adam(net.parameters(), 1e-2, 0.9, 0.999, 1e-8, 0);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        for (int step = 0; step < 150; step++) {
            int[] y = new int[32];
            Variable l = loss.forward(net.forward(texts(32, 20, y, rng)), y);
            opt.zeroGrad();
            l.backward();
            opt.step();
        }
        net.eval();
        int[] y = new int[500];
        int[][] x = texts(500, 30, y, rng);                     // longer texts than in training: max over time does not care
        int correct = 0;
        try (var scope = GradMode.noGrad()) {
            var best = net.forward(x).data().argmax(1, false);
            for (int i = 0; i < y.length; i++) if ((int) best.get(i) == y[i]) correct++;
        }
        assertTrue(correct >= 490, correct + " of 500");
    }

    @Test
    void shapesAndTooShortTexts() {
        TextCNN net = new TextCNN(10, 6, new int[] {3, 4, 5}, 7, 3, 0.5, new SplittableRandom(1));
        net.eval();
        assertArrayEquals(new int[] {2, 3}, net.forward(new int[][] {{1, 2, 3, 4, 5}, {0, 0, 0, 0, 0}}).shape());
        assertEquals(10 * 6 + (6 * 3 * 7 + 7) + (6 * 4 * 7 + 7) + (6 * 5 * 7 + 7) + 21 * 3 + 3, net.parameterCount());
        assertThrows(IllegalArgumentException.class, () -> net.forward(new int[][] {{1, 2, 3, 4}}));
    }

    @Test
    void readsLabelledTextsAndNamesBadElements() throws IOException {
        Path ok = dir.resolve("r.json");
        Files.writeString(ok, "[{\"t\": \"good\", \"s\": 1}, {\"t\": \"bad\", \"s\": 0}]");
        LabelledTexts r = LabelledTexts.readJson(ok);
        assertEquals(2, r.size());
        assertEquals(2, r.classes());
        assertArrayEquals(new int[] {1, 0}, r.labels());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"t\": \"good\", \"s\": 1}, {\"text\": \"bad\", \"s\": 0}]");
        String msg = assertThrows(IllegalArgumentException.class, () -> LabelledTexts.readJson(bad)).getMessage();
        assertTrue(msg.contains(bad.toString()) && msg.contains("element 1"), msg);
        Path notJson = dir.resolve("x.json");
        Files.writeString(notJson, "{\"t\": ");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelledTexts.readJson(notJson)).getMessage().contains("not valid JSON"));
    }
}

package org.fovea.text;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.fovea.autograd.Variable;
import org.fovea.nn.Dropout;
import org.fovea.nn.Linear;
import org.fovea.nn.Module;
import org.fovea.rnn.Conv1d;
import org.fovea.rnn.Embedding;

/**
 * Convolutional sentence classifier (Kim 2014, "CNN-rand"): word embeddings → parallel Conv1d of several
 * widths (3, 4, 5) with ReLU → max over time → concatenation → dropout → a linear layer.
 * Shape: tokens (N, L) with L ≥ the widest filter → scores (N, classes); each Conv1d (N, E, L) → (N, F, L − w + 1).
 */
public class TextCNN extends Module {
    private final Embedding embedding;
    private final Conv1d[] convs;
    private final Dropout dropout;
    private final Linear fc;
    private final int maxWidth;

    public TextCNN(int vocab, int embeddingDim, int[] widths, int filters, int classes, double dropoutP, RandomGenerator rng) {
        if (widths.length == 0) throw new IllegalArgumentException("TextCNN: at least one filter width is needed");
        embedding = registerModule("embedding", new Embedding(vocab, embeddingDim, rng));
        convs = new Conv1d[widths.length];
        for (int i = 0; i < widths.length; i++) convs[i] = registerModule("conv" + widths[i], new Conv1d(embeddingDim, filters, widths[i], rng));
        dropout = registerModule("dropout", new Dropout(dropoutP, rng));
        fc = registerModule("fc", new Linear(widths.length * filters, classes, rng));
        maxWidth = Arrays.stream(widths).max().getAsInt();
    }

    /** Tokens held as whole numbers. Shape: (N, L) → (N, classes). */
    @Override
    public Variable forward(Variable tokens) { return classify(embedding.forward(tokens)); }

    /** Shape: (N, L) → (N, classes). */
    public Variable forward(int[][] tokens) {
        if (tokens.length > 0 && tokens[0].length < maxWidth) {
            throw new IllegalArgumentException("TextCNN: texts of " + tokens[0].length + " tokens are shorter than the widest filter (" + maxWidth + "); pad them");
        }
        return classify(embedding.forward(tokens));
    }

    private Variable classify(Variable embedded) {
        Variable x = embedded.transpose(1, 2);
        Variable[] pooled = new Variable[convs.length];
        for (int i = 0; i < convs.length; i++) pooled[i] = convs[i].forward(x).relu().max(2, false);
        return fc.forward(dropout.forward(Variable.concat(1, pooled)));
    }

    public int maxWidth() { return maxWidth; }
}

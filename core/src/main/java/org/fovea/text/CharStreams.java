package org.fovea.text;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Mini-batches for truncated backpropagation through time (char-rnn): the encoded text is cut into
 * {@code batch} contiguous streams, and window w of an epoch holds characters [start + w·T, start + (w+1)·T)
 * of every stream as inputs and the characters one further as targets. Row i of consecutive windows
 * continues the same stream (stream i is characters [i·L, (i+1)·L] with L = ⌊(length − 1)/batch⌋), so the final state of one window is the right initial state of the next.
 * Shape: inputs and targets (batch, T).
 */
public final class CharStreams {
    private final int[] text;
    private final int batch;
    private final int steps;
    private final int streamLength;

    public CharStreams(int[] text, int batch, int steps) {
        if (batch < 1 || steps < 1) throw new IllegalArgumentException("CharStreams: batch and steps must be >= 1, got " + batch + ", " + steps);
        this.text = text;
        this.batch = batch;
        this.steps = steps;
        this.streamLength = (text.length - 1) / batch;
        if (streamLength < steps) {
            throw new IllegalArgumentException("CharStreams: " + text.length + " characters are too few for " + batch
                    + " streams of " + steps + " characters and one to predict; use a smaller --batch or --seq-length");
        }
    }

    /** One window: inputs (batch, T) and next-character targets (batch, T). */
    public record Window(int[][] inputs, int[][] targets) {}

    /** The windows of one pass, beginning {@code start} characters into each stream (0 ≤ start < T). */
    public Iterator<Window> windows(int start) {
        if (start < 0 || start >= steps) throw new IllegalArgumentException("CharStreams: start must be in [0, " + steps + "), got " + start);
        return new Iterator<>() {
            int pos = start;

            @Override public boolean hasNext() { return pos + steps <= streamLength; }

            @Override public Window next() {
                if (!hasNext()) throw new NoSuchElementException();
                int[][] x = new int[batch][steps];
                int[][] y = new int[batch][steps];
                for (int i = 0; i < batch; i++) {
                    int base = i * streamLength + pos;
                    System.arraycopy(text, base, x[i], 0, steps);
                    System.arraycopy(text, base + 1, y[i], 0, steps);
                }
                pos += steps;
                return new Window(x, y);
            }
        };
    }

    /** Windows in one pass from start 0. */
    public int windowsPerPass() { return streamLength / steps; }

    /** Characters predicted in one pass from start 0. */
    public long charactersPerPass() { return (long) windowsPerPass() * steps * batch; }
}

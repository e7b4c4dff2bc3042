package org.fovea.rnn;

import org.fovea.autograd.Variable;

/**
 * The hidden state of a recurrent layer, as PyTorch lays it out (not batch-first, even for batch-first
 * inputs). Shape: h (numLayers·numDirections, N, H); c the same for an LSTM, null for RNN and GRU.
 * Index layer·numDirections + direction, direction 1 being the reverse pass of a bidirectional layer.
 */
public record RecurrentState(Variable h, Variable c) {
    public RecurrentState {
        if (h == null) throw new IllegalArgumentException("RecurrentState: h must not be null");
    }

    /** A state without a cell (RNN, GRU). */
    public static RecurrentState of(Variable h) { return new RecurrentState(h, null); }

    /**
     * The same values cut from the graph: the carried state of truncated backpropagation through time,
     * so the next chunk's backward stops here instead of running through every earlier chunk.
     */
    public RecurrentState detach() { return new RecurrentState(h.detach(), c == null ? null : c.detach()); }
}

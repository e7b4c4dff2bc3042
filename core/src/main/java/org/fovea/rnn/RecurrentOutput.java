package org.fovea.rnn;

import org.fovea.autograd.Variable;

/**
 * What a recurrent layer returns (PyTorch's {@code output, h_n} or {@code output, (h_n, c_n)}).
 * Shape: output (N, T, numDirections·H), the last layer's hidden state at every step (for the reverse
 * direction, the state after reading x_t … x_{T−1}); state the final state of every layer and direction.
 */
public record RecurrentOutput(Variable output, RecurrentState state) {}

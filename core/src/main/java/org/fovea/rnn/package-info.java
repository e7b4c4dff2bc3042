/**
 * Sequence models (CS231n lecture 10): {@link org.fovea.rnn.RNN}, {@link org.fovea.rnn.LSTM} and
 * {@link org.fovea.rnn.GRU} over batch-first (N, T, D) sequences, {@link org.fovea.rnn.Embedding},
 * {@link org.fovea.rnn.Conv1d}, the masked {@link org.fovea.rnn.TemporalCrossEntropy} and an LSTM
 * encoder–decoder ({@link org.fovea.rnn.Seq2Seq}).
 *
 * <p>Why a package of its own rather than {@code nn}: these layers work on a time axis and carry state
 * from one call to the next (initial and final hidden states, truncated backpropagation through time), so
 * they share machinery ({@link org.fovea.rnn.RNNBase}, {@link org.fovea.rnn.RecurrentState}) that the
 * feed-forward layers of {@code nn} never need; and the text models built on them (char-RNN, the 1-D CNN
 * classifier, seq2seq) consume integer token sequences rather than images. Dependencies still point one
 * way: {@code rnn} uses {@code nn}, {@code nn} knows nothing of {@code rnn}.
 *
 * <p>Truncated BPTT: run a chunk, back-propagate, then pass {@code out.state().detach()} as the initial
 * state of the next chunk, so gradients stop at the chunk boundary while the values carry over.
 * Exploding gradients are handled by {@link org.fovea.optim.Optimizer#clipGradNorm} between
 * {@code backward()} and {@code step()}.
 *
 * <p>The text models themselves (char-RNN, Kim's text CNN) with their tokenizer, vocabularies and text-file
 * checks live in {@code org.fovea.text}; see docs/text.md.
 */
package org.fovea.rnn;

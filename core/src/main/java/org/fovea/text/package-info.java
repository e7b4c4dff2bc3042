/**
 * Text models and their data (CS231n lecture 10, Kim 2014): {@link org.fovea.text.CharRNN} (character-level
 * LSTM language model) with {@link org.fovea.text.CharVocabulary} and {@link org.fovea.text.CharStreams}
 * (truncated-BPTT batches); {@link org.fovea.text.TextCNN} (embeddings → Conv1d of widths 3, 4, 5 → max over
 * time → dropout → linear) with {@link org.fovea.text.Tokenizer}, {@link org.fovea.text.Vocabulary} (padding,
 * unknown words, truncation) and {@link org.fovea.text.LabelledTexts}; {@link org.fovea.text.TextFiles}
 * refuses empty, binary and non-UTF-8 files with an error naming the file. The layers come from
 * {@code org.fovea.rnn}; the training loops live in the command line. See docs/text.md.
 */
package org.fovea.text;

package org.fovea.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Word ↔ index for a text model: index 0 is padding ({@value #PAD}), 1 stands for every word outside the
 * vocabulary ({@value #UNK}), then the words of the training texts by falling frequency (ties in
 * alphabetical order), at most {@code maxSize} entries in all, each seen at least {@code minCount} times.
 */
public final class Vocabulary {
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";

    private final List<String> words;
    private final Map<String, Integer> index = new HashMap<>();

    public Vocabulary(List<String> words) {
        if (words.size() < 2 || !words.get(0).equals(PAD) || !words.get(1).equals(UNK)) {
            throw new IllegalArgumentException("Vocabulary: the first two words must be " + PAD + " and " + UNK);
        }
        this.words = List.copyOf(words);
        for (int i = 0; i < words.size(); i++) {
            if (index.put(words.get(i), i) != null) throw new IllegalArgumentException("Vocabulary: '" + words.get(i) + "' twice");
        }
    }

    public static Vocabulary build(List<List<String>> texts, int maxSize, int minCount) {
        if (maxSize < 2) throw new IllegalArgumentException("Vocabulary: maxSize must be >= 2 (padding and unknown), got " + maxSize);
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> t : texts) for (String w : t) counts.merge(w, 1, Integer::sum);
        List<Map.Entry<String, Integer>> byCount = new ArrayList<>(counts.entrySet());
        byCount.removeIf(e -> e.getValue() < minCount);
        byCount.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<String> words = new ArrayList<>(List.of(PAD, UNK));
        for (var e : byCount) {
            if (words.size() >= maxSize) break;
            words.add(e.getKey());
        }
        return new Vocabulary(words);
    }

    public int size() { return words.size(); }

    /** The index of a word, 1 ({@value #UNK}) if unknown. */
    public int indexOf(String word) { return index.getOrDefault(word, 1); }

    public String word(int i) { return words.get(i); }

    public List<String> words() { return words; }

    /**
     * The first {@code length} tokens as indices, padded with 0 after the end of a shorter text (truncation
     * keeps the beginning). Shape: (length).
     */
    public int[] encode(List<String> tokens, int length) {
        int[] out = new int[length];
        for (int i = 0; i < Math.min(length, tokens.size()); i++) out[i] = indexOf(tokens.get(i));
        return out;
    }
}

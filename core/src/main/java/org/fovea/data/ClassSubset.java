package org.fovea.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The items of chosen classes only, relabelled 0 … k − 1 in the order the classes are given (for transfer
 * learning: train on classes 0–4, then fine-tune on 5–9 as a new 5-way problem).
 */
public record ClassSubset(Dataset dataset, int[] kept, int[] indices) implements Dataset {
    public ClassSubset {
        kept = kept.clone();
        indices = indices.clone();
    }

    /** The items of {@code classes} (labels of the underlying data set), in their original order. */
    public static ClassSubset of(Dataset data, int... classes) {
        int n = data.classes().size();
        boolean[] seen = new boolean[n];
        for (int c : classes) {
            if (c < 0 || c >= n) throw new IllegalArgumentException("class " + c + " is not in [0, " + n + ") of " + data.classes());
            if (seen[c]) throw new IllegalArgumentException("class " + c + " listed twice");
            seen[c] = true;
        }
        int[] idx = new int[data.size()];
        int m = 0;
        for (int i = 0; i < data.size(); i++) if (seen[data.label(i)]) idx[m++] = i;
        return new ClassSubset(data, classes, Arrays.copyOf(idx, m));
    }

    /** Parses "5-9" or "0,2,4" into class indices. */
    public static int[] parse(String spec) {
        try {
            if (spec.matches("\\d+-\\d+")) {
                String[] p = spec.split("-");
                int lo = Integer.parseInt(p[0]);
                int hi = Integer.parseInt(p[1]);
                if (hi < lo) throw new IllegalArgumentException("empty class range " + spec);
                int[] out = new int[hi - lo + 1];
                for (int i = 0; i < out.length; i++) out[i] = lo + i;
                return out;
            }
            return Arrays.stream(spec.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("classes must look like 5-9 or 0,2,4, got '" + spec + "'");
        }
    }

    private int relabel(int label) {
        for (int j = 0; j < kept.length; j++) if (kept[j] == label) return j;
        throw new IllegalStateException("label " + label + " is not a kept class");
    }

    @Override public int size() { return indices.length; }
    @Override public Sample get(int i) {
        Sample s = dataset.get(indices[i]);
        return new Sample(s.image(), relabel(s.label()));
    }
    @Override public int label(int i) { return relabel(dataset.label(indices[i])); }
    @Override public int[] imageShape() { return dataset.imageShape(); }

    @Override
    public List<String> classes() {
        List<String> names = new ArrayList<>();
        for (int c : kept) names.add(dataset.classes().get(c));
        return names;
    }

    @Override
    public Batch batch(int[] which) {
        int[] underlying = new int[which.length];
        for (int i = 0; i < which.length; i++) underlying[i] = indices[which[i]];
        Batch b = dataset.batch(underlying);
        int[] labels = new int[b.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = relabel(b.labels()[i]);
        return new Batch(b.images(), labels);
    }
}

package org.fovea.data;

import java.util.List;

/**
 * A view of some items of another dataset, in the given order (as torch.utils.data.Subset).
 *
 * <p>Shape: as the underlying dataset.
 */
public record Subset(Dataset dataset, int[] indices) implements Dataset {
    public Subset {
        indices = indices.clone();
        for (int i : indices) {
            if (i < 0 || i >= dataset.size()) throw new IndexOutOfBoundsException("Subset: index " + i + " outside a dataset of " + dataset.size());
        }
    }

    @Override public int size() { return indices.length; }
    @Override public Sample get(int i) { return dataset.get(indices[i]); }
    @Override public int label(int i) { return dataset.label(indices[i]); }
    @Override public List<String> classes() { return dataset.classes(); }
    @Override public int[] imageShape() { return dataset.imageShape(); }

    @Override
    public Batch batch(int[] which) {
        int[] mapped = new int[which.length];
        for (int b = 0; b < which.length; b++) mapped[b] = indices[which[b]];
        return dataset.batch(mapped);
    }
}

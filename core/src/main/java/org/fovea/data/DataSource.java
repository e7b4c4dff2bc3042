package org.fovea.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resolved data name: its splits ("train", "test") and a description saying where the data came from
 * (which directory, or the subset embedded in the jar), to be shown to the user.
 */
public record DataSource(String name, String description, List<String> classes, Map<String, ImageDataset> splits) {
    public DataSource {
        classes = List.copyOf(classes);
        splits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(splits));
        if (splits.isEmpty()) throw new IllegalArgumentException("DataSource " + name + ": no splits");
    }

    /** The named split; IllegalArgumentException listing the splits that exist if it is missing. */
    public ImageDataset split(String split) {
        ImageDataset d = splits.get(split);
        if (d == null) throw new IllegalArgumentException(name + " has no \"" + split + "\" split; it has " + splits.keySet());
        return d;
    }

    public ImageDataset train() { return split("train"); }

    public ImageDataset test() { return split("test"); }

    public boolean hasSplit(String split) { return splits.containsKey(split); }
}

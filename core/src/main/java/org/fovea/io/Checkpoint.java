package org.fovea.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fovea.tensor.Tensor;

/**
 * A training checkpoint: a model's state dict, its optimiser's state and the metadata needed to resume
 * or to use the model, stored as one safetensors file written atomically.
 *
 * <p>Model tensors keep their state-dict names ({@code "features.0.weight"}); optimiser tensors are
 * stored under {@value #OPTIMIZER_PREFIX} + name. The metadata map (strings, numbers, booleans, lists and
 * nested maps) is written as one JSON string under the {@code __metadata__} key {@value #METADATA_KEY},
 * together with {@value #FORMAT_VERSION_KEY}; the conventional keys are the constants below. Integers
 * come back as {@link Long} and other numbers as {@link Double} (see {@link Json}). The file carries a
 * CRC-32 of all its bytes (see {@link SafeTensors}), so a truncated or bit-flipped checkpoint is reported,
 * never half-loaded. Python reads the tensors with {@code safetensors.torch.load_file}.
 *
 * @param model the model's state dict
 * @param optimizer the optimiser's state dict (may be empty)
 * @param metadata everything else: configuration, progress, data statistics
 */
public record Checkpoint(Map<String, Tensor> model, Map<String, Tensor> optimizer, Map<String, Object> metadata) {
    /** Prefix of the optimiser's tensors in the file. */
    public static final String OPTIMIZER_PREFIX = "optim.";
    /** The {@code __metadata__} key holding the metadata JSON. */
    public static final String METADATA_KEY = "fovea";
    /** The metadata JSON's format-version key (written by {@link #save}, checked and removed by {@link #load}). */
    public static final String FORMAT_VERSION_KEY = "format_version";
    /** The format version this code writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** Conventional metadata keys: model name ({@code "alexnet"}) and its constructor configuration (a map). */
    public static final String MODEL_NAME = "model", MODEL_CONFIG = "model_config";
    /** Conventional metadata keys: completed epochs and optimiser steps. */
    public static final String EPOCH = "epoch", STEP = "step";
    /** Conventional metadata key: the state of the random generator, as a string or a number. */
    public static final String RNG_STATE = "rng_state";
    /** Conventional metadata keys: input normalisation ({@code {"mean": [..], "std": [..]}}) and class names. */
    public static final String NORMALIZATION = "normalization", CLASS_NAMES = "class_names";
    /** Conventional metadata keys: optimiser name ({@code "sgd"}) and hyper-parameters (a map). */
    public static final String OPTIMIZER_NAME = "optimizer", OPTIMIZER_CONFIG = "optimizer_config";

    /** Copies the maps (keeping their order); the tensors themselves are shared, not copied. */
    public Checkpoint {
        model = Collections.unmodifiableMap(new LinkedHashMap<>(model));
        optimizer = Collections.unmodifiableMap(new LinkedHashMap<>(optimizer));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        for (String name : model.keySet()) {
            if (name.startsWith(OPTIMIZER_PREFIX)) throw new IllegalArgumentException("Checkpoint: model tensor '" + name + "' clashes with the optimiser prefix '" + OPTIMIZER_PREFIX + "'");
        }
        if (metadata.containsKey(FORMAT_VERSION_KEY)) throw new IllegalArgumentException("Checkpoint: metadata key '" + FORMAT_VERSION_KEY + "' is reserved");
    }

    /** Writes the checkpoint to path atomically: a crash leaves either the old file or the new one. */
    public void save(Path path) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(model);
        optimizer.forEach((name, t) -> tensors.put(OPTIMIZER_PREFIX + name, t));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(FORMAT_VERSION_KEY, FORMAT_VERSION);
        meta.putAll(metadata);
        String json;
        try {
            json = Json.write(meta);
        } catch (Json.JsonException e) {
            throw new IllegalArgumentException("Checkpoint.save: " + e.getMessage().replaceFirst("^\\$", "metadata"), e);
        }
        SafeTensors.write(path, tensors, Map.of(METADATA_KEY, json));
    }

    /** Reads a checkpoint written by {@link #save}; every problem is an exception naming the file. */
    public static Checkpoint load(Path path) throws IOException {
        if (!Files.exists(path)) throw new FileNotFoundException("checkpoint not found: " + path);
        SafeTensors.Contents contents = SafeTensors.read(path);
        if (!contents.checksummed()) throw new CheckpointFormatException(path, "not a Fovea checkpoint: no '" + SafeTensors.CHECKSUM_KEY + "' checksum in the metadata");
        String json = contents.metadata().get(METADATA_KEY);
        if (json == null) throw new CheckpointFormatException(path, "not a Fovea checkpoint: no '" + METADATA_KEY + "' entry in the metadata");
        Map<String, Object> meta;
        try {
            meta = new LinkedHashMap<>(Json.parseObject(json));
        } catch (Json.JsonException e) {
            throw new CheckpointFormatException(path, "metadata '" + METADATA_KEY + "' is not a valid JSON object: " + e.getMessage(), e);
        }
        Object version = meta.remove(FORMAT_VERSION_KEY);
        if (!(version instanceof Long v) || v < 1) throw new CheckpointFormatException(path, "metadata has no valid '" + FORMAT_VERSION_KEY + "' (found " + version + ")");
        if (v > FORMAT_VERSION) throw new CheckpointFormatException(path, "format version " + v + " is newer than this Fovea reads (" + FORMAT_VERSION + "); upgrade Fovea");
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> optimizer = new LinkedHashMap<>();
        contents.tensors().forEach((name, t) -> {
            if (name.startsWith(OPTIMIZER_PREFIX)) optimizer.put(name.substring(OPTIMIZER_PREFIX.length()), t);
            else model.put(name, t);
        });
        return new Checkpoint(model, optimizer, meta);
    }
}

package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.fovea.data.Normalization;
import org.fovea.io.Checkpoint;
import org.fovea.onnx.OnnxCheckpoints;
import org.fovea.nn.Module;
import org.fovea.zoo.Models;

/**
 * Rebuilds the model a checkpoint of {@code fovea train} holds, ready to use: the architecture from its
 * metadata ({@link Checkpoint#MODEL_NAME}, {@link Checkpoint#MODEL_CONFIG}), the weights loaded strictly, in
 * evaluation mode, with the input normalisation and class names it was trained with. Every problem (no
 * such file, a corrupt file, metadata missing, weights of another architecture) is an exception with one
 * line naming the file, which the command line prints without a stack trace.
 */
final class CheckpointModels {
    private CheckpointModels() {}

    /**
     * A model restored from a checkpoint.
     *
     * @param path the checkpoint file
     * @param name the model's name in {@link Models#NAMES}
     * @param config its configuration ("channels", "size", "classes", …)
     * @param model the model, in evaluation mode
     * @param normalization the input normalisation of its training
     * @param classNames the name of each output class
     * @param metadata the whole metadata map
     */
    record Loaded(Path path, String name, Map<String, Object> config, Module model, Normalization normalization,
                  List<String> classNames, Map<String, Object> metadata) {
        /** Input channels the model takes (1 grey, 3 RGB). */
        int channels() { return intOf("channels"); }

        /** Input height = width the model takes. */
        int size() { return intOf("size"); }

        /** Completed training epochs, or -1 if not recorded. */
        int epoch() { return metadata.get(Checkpoint.EPOCH) instanceof Number n ? n.intValue() : -1; }

        /** The data set it was trained on (the recipe's "data"), or null. */
        String dataName() {
            return metadata.get("recipe") instanceof Map<?, ?> r && r.get("data") instanceof String s ? s : null;
        }

        private int intOf(String key) {
            if (!(config.get(key) instanceof Number n)) throw problem(path, "its model configuration lacks \"" + key + "\"");
            return n.intValue();
        }
    }

    static Loaded load(Path path) throws IOException {
        if (OnnxModels.isOnnx(path.toString())) return OnnxModels.load(path);
        Checkpoint ckpt = Checkpoint.load(path);
        Map<String, Object> meta = ckpt.metadata();
        if (!(meta.get(Checkpoint.MODEL_NAME) instanceof String name)) {
            throw problem(path, "not a model checkpoint: its metadata has no \"" + Checkpoint.MODEL_NAME + "\" name");
        }
        Map<String, Object> config = map(path, meta, Checkpoint.MODEL_CONFIG);
        Module model;
        try {
            model = name.equals(OnnxCheckpoints.MODEL_NAME) ? OnnxCheckpoints.model(ckpt, new SplittableRandom(0))
                    : Models.create(name, config, new SplittableRandom(0));
        } catch (IllegalArgumentException e) {
            throw problem(path, "cannot rebuild its model: " + e.getMessage());
        }
        try {
            model.loadStateDict(ckpt.model());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the checkpoint " + path + " does not fit a " + name + " model " + new TreeMap<>(config) + ": "
                    + e.getMessage().replaceFirst("^loadStateDict: ", ""), e);
        }
        model.eval();
        Normalization norm;
        try {
            norm = Normalization.fromMap(map(path, meta, Checkpoint.NORMALIZATION));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw problem(path, "invalid \"" + Checkpoint.NORMALIZATION + "\" metadata: " + e.getMessage());
        }
        if (!(meta.get(Checkpoint.CLASS_NAMES) instanceof List<?> names)) {
            throw problem(path, "its metadata has no \"" + Checkpoint.CLASS_NAMES + "\" list");
        }
        List<String> classNames = names.stream().map(String::valueOf).toList();
        Loaded loaded = new Loaded(path, name, config, model, norm, classNames, meta);
        loaded.channels();
        loaded.size();
        Object classes = config.get("classes");
        if (classes instanceof Number n && n.intValue() != classNames.size()) {
            throw problem(path, "its model has " + n + " classes but " + classNames.size() + " class names");
        }
        return loaded;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Path path, Map<String, Object> meta, String key) {
        if (!(meta.get(key) instanceof Map<?, ?> m)) throw problem(path, "its metadata has no \"" + key + "\" map");
        return (Map<String, Object>) m;
    }

    private static IllegalArgumentException problem(Path path, String what) {
        return new IllegalArgumentException("the checkpoint " + path + ": " + what);
    }
}

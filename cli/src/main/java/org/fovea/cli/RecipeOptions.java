package org.fovea.cli;

import java.util.Map;
import org.fovea.tensor.Tensor;
import picocli.CommandLine.Option;

/**
 * The optimisation options {@code fovea train} and {@code fovea spark train} share, how they override a
 * recipe, and how a recipe and a checkpoint's optimiser state are read back.
 */
final class RecipeOptions {
    @Option(names = "--epochs", description = "Epochs (model default: 10).") Integer epochs;
    @Option(names = "--optimizer", description = "sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw (model default: momentum).") String optimizer;
    @Option(names = "--lr", description = "Learning rate (model default: 0.02, mlp 0.01).") Double lr;
    @Option(names = "--momentum", description = "Momentum μ for momentum/nesterov (default 0.9).") Double momentum;
    @Option(names = "--weight-decay", description = "L2 weight decay (AdamW: decoupled), default 0.") Double weightDecay;
    @Option(names = "--schedule", description = "Learning-rate schedule: " + Recipes.SCHEDULES + " (model default: cosine).") String schedule;

    /** Into recipe r: momentum (0.9 unless given) and weight_decay (0 unless given), then every other option given. */
    void putInto(Map<String, Object> r) {
        r.put("momentum", momentum == null ? 0.9 : momentum);
        r.put("weight_decay", weightDecay == null ? 0.0 : weightDecay);
        if (epochs != null) r.put("epochs", epochs);
        if (optimizer != null) r.put("optimizer", optimizer);
        if (lr != null) r.put("lr", lr);
        if (schedule != null) r.put("schedule", schedule);
    }

    /** A number of a recipe, 0 when absent. */
    static double num(Map<String, Object> recipe, String key) {
        Object v = recipe.get(key);
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    /** The entries of a checkpoint's optimiser state under prefix ("opt.", "sched."), with the prefix removed. */
    static Map<String, Tensor> prefixed(Map<String, Tensor> all, String prefix) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        all.forEach((k, v) -> { if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v); });
        return out;
    }
}

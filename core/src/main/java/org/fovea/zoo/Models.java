package org.fovea.zoo;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.fovea.nn.Module;

/**
 * Builds models by name from a configuration map, so a checkpoint can record how to rebuild its model.
 * Configuration keys: "channels", "size" (input height = width), "classes", and "hidden" for mlp.
 */
public final class Models {
    public static final List<String> NAMES = List.of("lenet5", "mlp");

    private Models() {}

    public static Module create(String name, Map<String, ?> config, RandomGenerator rng) {
        int channels = intOf(config, "channels", 1);
        int size = intOf(config, "size", 28);
        int classes = intOf(config, "classes", 10);
        return switch (name) {
            case "lenet5" -> new LeNet5(channels, size, classes, rng);
            case "mlp" -> new Mlp(channels * size * size, intOf(config, "hidden", 100), classes, rng);
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + String.join(", ", NAMES));
        };
    }

    private static int intOf(Map<String, ?> config, String key, int fallback) {
        Object v = config.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.intValue();
        try {
            return Integer.parseInt(v.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model configuration '" + key + "' must be an integer, got '" + v + "'");
        }
    }
}

package org.fovea.zoo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.fovea.nn.Module;

/**
 * Builds models by name from a configuration map, so a checkpoint can record how to rebuild its model.
 * Configuration keys: "channels", "size" (input height = width), "classes", and "hidden" for mlp; a missing
 * key takes the model's default ({@link #defaultInput}, {@link #defaultClasses}).
 *
 * <p>Names: lenet5, mlp; alexnet (torchvision), alexnet-lrn (lecture 9, 227×227), alexnet-lrn-2gpu (CONV2, 4, 5 in
 * two groups); vgg11, vgg11-lrn, vgg13, vgg16-c, vgg16, vgg19 (configurations A, A-LRN, B, C, D, E) and their
 * "-bn" variants (except the LRN one); googlenet, googlenet-aux; resnet18, 34, 50, 101, 152 (ImageNet);
 * resnet20, 32, 44, 56, 110 (CIFAR-10).
 */
public final class Models {
    /** How to build one model, with its default input (channels × size × size) and classes. */
    private record Entry(int channels, int size, int classes, Builder builder) {}

    @FunctionalInterface
    private interface Builder {
        Module build(int channels, int size, int classes, Map<String, ?> config, RandomGenerator rng);
    }

    private static final Map<String, Entry> ZOO = zoo();
    public static final List<String> NAMES = List.copyOf(ZOO.keySet());

    private Models() {}

    public static Module create(String name, Map<String, ?> config, RandomGenerator rng) {
        Entry e = entry(name);
        return e.builder().build(intOf(config, "channels", e.channels()), intOf(config, "size", e.size()),
                intOf(config, "classes", e.classes()), config, rng);
    }

    /** The input the model was designed for, {channels, height, width}: e.g. {3, 224, 224} for resnet18. */
    public static int[] defaultInput(String name) {
        Entry e = entry(name);
        return new int[] {e.channels(), e.size(), e.size()};
    }

    /** The classes of the data set the model was designed for: 1000 (ImageNet) or 10. */
    public static int defaultClasses(String name) { return entry(name).classes(); }

    private static Entry entry(String name) {
        Entry e = ZOO.get(name);
        if (e == null) throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + String.join(", ", NAMES));
        return e;
    }

    private static Map<String, Entry> zoo() {
        Map<String, Entry> z = new LinkedHashMap<>();
        z.put("lenet5", new Entry(1, 28, 10, (c, s, k, cfg, rng) -> new LeNet5(c, s, k, rng)));
        z.put("mlp", new Entry(1, 28, 10, (c, s, k, cfg, rng) -> new Mlp(c * s * s, intOf(cfg, "hidden", 100), k, rng)));
        z.put("alexnet", imageNet(224, (c, s, k, cfg, rng) -> AlexNet.torchvision(c, k, rng)));
        z.put("alexnet-lrn", imageNet(227, (c, s, k, cfg, rng) -> AlexNet.lecture(c, s, k, false, rng)));
        z.put("alexnet-lrn-2gpu", imageNet(227, (c, s, k, cfg, rng) -> AlexNet.lecture(c, s, k, true, rng)));
        Map<String, String> vgg = Map.of("A", "vgg11", "A-LRN", "vgg11-lrn", "B", "vgg13", "C", "vgg16-c", "D", "vgg16", "E", "vgg19");
        for (String config : VGG.CONFIGS.keySet()) {
            z.put(vgg.get(config), imageNet(224, (c, s, k, cfg, rng) -> VGG.of(config, false, c, k, rng)));
        }
        for (String config : VGG.CONFIGS.keySet()) {
            if (config.contains("LRN")) continue;
            z.put(vgg.get(config) + "-bn", imageNet(224, (c, s, k, cfg, rng) -> VGG.of(config, true, c, k, rng)));
        }
        z.put("googlenet", imageNet(224, (c, s, k, cfg, rng) -> GoogLeNet.of(c, k, false, rng)));
        z.put("googlenet-aux", imageNet(224, (c, s, k, cfg, rng) -> GoogLeNet.of(c, k, true, rng)));
        for (int depth : new int[] {18, 34, 50, 101, 152}) {
            z.put("resnet" + depth, imageNet(224, (c, s, k, cfg, rng) -> ResNet.of(depth, c, k, rng)));
        }
        for (int depth : new int[] {20, 32, 44, 56, 110}) {
            z.put("resnet" + depth, new Entry(3, 32, 10, (c, s, k, cfg, rng) -> CifarResNet.of(depth, c, k, rng)));
        }
        return z;
    }

    private static Entry imageNet(int size, Builder builder) { return new Entry(3, size, 1000, builder); }

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

package org.fovea.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exact parameter counts of every registered model (1000 classes for ImageNet models, 10 for CIFAR and MNIST
 * ones): torchvision's counts, the VGG paper's Table 2, the AlexNet paper's "60 million" with the two-GPU
 * grouping, and He et al.'s 0.27M for ResNet-20.
 */
class ZooParameterCountTest {
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "lenet5, 61706", "mlp, 79510",
        "alexnet, 61100840", "alexnet-lrn, 62378344", "alexnet-lrn-2gpu, 60965224",
        "vgg11, 132863336", "vgg11-lrn, 132863336", "vgg13, 133047848", "vgg16-c, 133638952", "vgg16, 138357544",
        "vgg19, 143667240", "vgg11-bn, 132868840", "vgg16-bn, 138365992",
        "googlenet, 6624904", "googlenet-aux, 13004888",
        "resnet18, 11689512", "resnet34, 21797672", "resnet50, 25557032", "resnet101, 44549160", "resnet152, 60192808",
        "resnet20, 269722", "resnet32, 464154", "resnet44, 658586", "resnet56, 853018", "resnet110, 1727962",
    })
    void parameterCount(String name, long expected) {
        assertEquals(expected, Models.create(name, Map.of(), new SplittableRandom(1)).parameterCount(), name);
    }

    @Test
    void vggCountsRoundToThePapersTable2() {
        // Table 2 in millions for A, A-LRN, B, C, D, E; the exact counts as asserted above.
        long[] exact = {132_863_336, 132_863_336, 133_047_848, 133_638_952, 138_357_544, 143_667_240};
        long[] millions = {133, 133, 133, 134, 138, 144};
        for (int i = 0; i < exact.length; i++) assertEquals(millions[i], Math.round(exact[i] / 1e6));
    }

    @Test
    void everyModelIsRegisteredWithItsDefaultInput() {
        for (String name : new String[] {"alexnet", "alexnet-lrn", "alexnet-lrn-2gpu", "vgg11", "vgg11-lrn", "vgg13", "vgg16-c", "vgg16",
                "vgg19", "vgg11-bn", "vgg13-bn", "vgg16-c-bn", "vgg16-bn", "vgg19-bn", "googlenet", "googlenet-aux", "resnet18", "resnet34",
                "resnet50", "resnet101", "resnet152", "resnet20", "resnet32", "resnet44", "resnet56", "resnet110", "lenet5", "mlp"}) {
            assertEquals(true, Models.NAMES.contains(name), name);
        }
        assertEquals(28, Models.NAMES.size());
        assertArrayEquals(new int[] {3, 227, 227}, Models.defaultInput("alexnet-lrn"));
        assertArrayEquals(new int[] {3, 224, 224}, Models.defaultInput("vgg16"));
        assertArrayEquals(new int[] {3, 32, 32}, Models.defaultInput("resnet20"));
        assertArrayEquals(new int[] {1, 28, 28}, Models.defaultInput("lenet5"));
        assertEquals(1000, Models.defaultClasses("resnet18"));
        assertEquals(10, Models.defaultClasses("resnet110"));
        assertThrows(IllegalArgumentException.class, () -> Models.defaultInput("vgg11-lrn-bn"));
        assertThrows(IllegalArgumentException.class, () -> Models.create("resnet21", Map.of(), new SplittableRandom(1)));
    }

    @Test
    void configurationOverridesTheDefaults() {
        var rng = new SplittableRandom(1);
        // CIFAR ResNet-20 on one channel with 100 classes: the first conv loses 2·9·16 weights, the FC gains 90·65.
        assertEquals(269_722 - 2 * 9 * 16 + 90 * 65, Models.create("resnet20", Map.of("channels", 1, "classes", 100), rng).parameterCount());
        assertEquals(11_689_512 - 1000 * 513 + 10 * 513, Models.create("resnet18", Map.of("classes", "10"), rng).parameterCount());
    }
}

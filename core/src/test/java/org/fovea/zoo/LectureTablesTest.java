package org.fovea.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.nn.Summary;
import org.junit.jupiter.api.Test;

/**
 * Lecture 9's tables through {@link Summary}: AlexNet's layer shapes at 227×227 and VGG-16's memory and
 * parameter tally at 224×224 (see {@link VGG} on the slide's "TOTAL memory 24M").
 */
class LectureTablesTest {
    @Test
    void alexNetAsTheLectureListsIt() {
        Summary s = Summary.of(Models.create("alexnet-lrn", Map.of(), new SplittableRandom(1)), 3, 227, 227);
        List<Summary.Layer> rows = s.layers();
        // CONV1, POOL1, NORM1, CONV2, POOL2, NORM2, CONV3, CONV4, CONV5, POOL3 (ReLU rows skipped), then FC6–FC8.
        List<Summary.Layer> named = rows.stream().filter(l -> !List.of("ReLU", "Dropout", "Flatten").contains(l.type())).toList();
        int[][] shapes = {{96, 55, 55}, {96, 27, 27}, {96, 27, 27}, {256, 27, 27}, {256, 13, 13}, {256, 13, 13},
            {384, 13, 13}, {384, 13, 13}, {256, 13, 13}, {256, 6, 6}, {4096}, {4096}, {1000}};
        assertEquals(shapes.length, named.size());
        for (int i = 0; i < shapes.length; i++) assertArrayEquals(shapes[i], named.get(i).outputShape(), named.get(i).name());
        assertEquals(List.of("Conv2d", "MaxPool2d", "LocalResponseNorm"), named.subList(0, 3).stream().map(Summary.Layer::type).toList());
        assertEquals(11 * 11 * 3 * 96 + 96, named.get(0).params(), "CONV1: (11·11·3)·96 weights = 35K");
        assertEquals(0, named.get(1).params(), "POOL1 has no parameters");
        assertEquals(55L * 55 * 96 * 11 * 11 * 3, named.get(0).macs());
    }

    @Test
    void vgg16TableOfLecture9() {
        Summary s = Summary.of(Models.create("vgg16", Map.of(), new SplittableRandom(1)), 3, 224, 224);
        Summary.Layer conv1 = s.layers().get(0);
        assertEquals("0.0", conv1.name());
        assertArrayEquals(new int[] {64, 224, 224}, conv1.outputShape());
        assertEquals(3_211_264L * Summary.BYTES_PER_ELEMENT, conv1.activations(), "CONV3-64: 224·224·64 = 3.2M activations");
        assertEquals(1_728 + 64, conv1.params(), "CONV3-64: (3·3·3)·64 = 1,728 weights, plus 64 biases the slide leaves out");
        Summary.Layer fc1 = s.layers().stream().filter(l -> l.type().equals("Linear")).findFirst().orElseThrow();
        assertEquals(102_760_448 + 4_096, fc1.params(), "first FC: 7·7·512·4096 = 102,760,448 weights");
        assertEquals(138_357_544, s.total().params());
        // The slide's rows: the input and every CONV, POOL and FC output (ReLU works in place there; the
        // adaptive pool is the identity at 224² and Flatten/Dropout are views or copies, not in the table).
        long activations = 3 * 224 * 224 + s.layers().stream().filter(l -> List.of("Conv2d", "MaxPool2d", "Linear").contains(l.type()))
                .mapToLong(l -> l.activations() / Summary.BYTES_PER_ELEMENT).sum();
        assertEquals(15_237_608, activations, "≈ 15.2M activations, ≈ 61 MB per image forward — not the slide's 24M");
        long macs = s.layers().stream().mapToLong(Summary.Layer::macs).sum();
        assertEquals(15_470_264_320L, macs, "15.5 G multiply-adds per image");
    }
}

package org.fovea.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.fovea.zoo.LeNet5;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private static final SplittableRandom RNG = new SplittableRandom(1);

    @Test
    void leNet5MatchesTheHandCount() {
        LeNet5 net = new LeNet5(1, 28, 10, RNG);
        net.train();
        Summary s = Summary.of(net, 1, 28, 28);
        assertTrue(net.isTraining(), "the walk restores the training mode");
        List<Summary.Layer> rows = s.layers();
        assertEquals(12, rows.size());
        assertEquals(List.of("Conv2d", "ReLU", "MaxPool2d", "Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear", "ReLU", "Linear", "ReLU", "Linear"),
                rows.stream().map(Summary.Layer::type).toList());
        assertEquals("0", rows.get(0).name());
        assertArrayEquals(new int[] {6, 28, 28}, rows.get(0).outputShape());
        assertArrayEquals(new int[] {16, 10, 10}, rows.get(3).outputShape());
        assertArrayEquals(new int[] {400}, rows.get(6).outputShape());
        assertArrayEquals(new int[] {10}, rows.get(11).outputShape());
        assertEquals(List.of(156L, 0L, 0L, 2416L, 0L, 0L, 0L, 48120L, 0L, 10164L, 0L, 850L), rows.stream().map(Summary.Layer::params).toList());
        assertEquals(117_600, rows.get(0).macs());
        assertEquals(240_000, rows.get(3).macs());
        assertEquals(400 * 120, rows.get(7).macs());
        assertEquals(0, rows.get(1).macs());
        assertEquals(6 * 28 * 28 * 4, rows.get(0).activations());
        Summary.Layer total = s.total();
        assertEquals("total", total.name());
        assertEquals(61_706, total.params());
        assertEquals(117_600 + 240_000 + 48_000 + 10_080 + 840, total.macs());
        assertEquals(rows.stream().mapToLong(Summary.Layer::activations).sum(), total.activations());
    }

    @Test
    void recursesIntoNestedSequentialsAndCountsBranchesOfContainers() {
        Sequential net = new Sequential(
                new Sequential(new Conv2d(3, 4, 3, 1, 1, RNG), new ReLU()),
                new Residual(new Sequential(new Conv2d(4, 4, 3, 1, 1, RNG), new BatchNorm2d(4))),
                new Concat(new Conv2d(4, 2, 1, RNG), new Conv2d(4, 3, 1, RNG)),
                new Conv2d(5, 5, 3, 1, 1, 1, 5, false, RNG));
        Summary s = Summary.of(net, 3, 8, 8);
        assertEquals(List.of("0.0", "0.1", "1", "2", "3"), s.layers().stream().map(Summary.Layer::name).toList());
        assertEquals("Residual", s.layers().get(2).type());
        assertEquals(64L * 4 * 36, s.layers().get(2).macs(), "the body's convolution; the identity shortcut counts 0");
        assertEquals(4 * 36 + 4 + 8, s.layers().get(2).params());
        assertEquals(64L * 5 * 4, s.layers().get(3).macs(), "both 1×1 branches");
        assertArrayEquals(new int[] {5, 8, 8}, s.layers().get(3).outputShape());
        assertEquals(64L * 5 * 9, s.layers().get(4).macs(), "depthwise: C_in / groups = 1");
        assertEquals(net.parameterCount(), s.total().params());
    }

    @Test
    void aLayerThatRejectsItsInputIsNamed() {
        Sequential mlp = new Sequential(new Flatten(), new Linear(784, 10, RNG));
        var e = assertThrows(IllegalArgumentException.class, () -> Summary.of(mlp, 3, 28, 28));
        assertTrue(e.getMessage().startsWith("layer 1 (Linear) rejects its input [2352]"), e.getMessage());
    }

    @Test
    void aModuleThatIsNoSequentialIsOneRow() {
        Summary s = Summary.of(new Linear(20, 5, RNG), 20);
        assertEquals(1, s.layers().size());
        assertEquals("Linear", s.layers().get(0).name());
        assertEquals(100, s.total().macs());
        assertEquals(105, s.total().params());
    }
}

package org.fovea.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The direct convolution of first layers against the seven-loop definition (Conv2dReference). */
class DirectConvTest {
    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** 1–3 input channels, output channels that fill no block of 8, awkward sizes, kernels 1×1 to 5×5, paddings 0–2. */
    static Stream<ConvGeometry> geometries() {
        int[] sizes = {8, 9, 13, 16, 17, 28, 33, 40};
        int[] outputs = {1, 5, 6, 8, 11, 16, 17};
        List<ConvGeometry> list = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(5);
        while (list.size() < 40) {
            int h = sizes[rng.nextInt(sizes.length)], w = sizes[rng.nextInt(sizes.length)];
            int r = 1 + rng.nextInt(5), s = 1 + rng.nextInt(5), padH = rng.nextInt(3), padW = rng.nextInt(3);
            int c = 1 + rng.nextInt(3), k = outputs[rng.nextInt(outputs.length)], n = 1 + rng.nextInt(3);
            ConvGeometry g = new ConvGeometry(n, c, h, w, k, r, s, 1, 1, padH, padW, 1, 1, 1);
            if (DirectConv.suits(g)) list.add(g);
        }
        // n, c, h, w, k, r, s, strideH, strideW, padH, padW, dilationH, dilationW, groups
        list.add(new ConvGeometry(4, 1, 28, 28, 6, 5, 5, 1, 1, 2, 2, 1, 1, 1));   // LeNet-5 conv1
        list.add(new ConvGeometry(3, 3, 32, 32, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1));  // ResNet-20 first layer
        list.add(new ConvGeometry(1, 3, 20, 70, 8, 5, 5, 1, 1, 2, 2, 1, 1, 1));   // rows of several vector pairs
        return list.stream();
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void matchesTheDefinition(ConvGeometry g) {
        Parallel.setThreads(2);
        ConvChecks.checkForward("direct " + g, g, DirectConv::forward);
        ConvChecks.checkForward("conv2dForward " + g, g, Conv2d::conv2dForward);
    }

    @Test
    void onlyFirstLayersTakeIt() {
        assertTrue(Conv2d.directSelected(new ConvGeometry(64, 1, 28, 28, 6, 5, 5, 1, 1, 2, 2, 1, 1, 1)));
        assertFalse(DirectConv.suits(new ConvGeometry(1, 4, 28, 28, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1)), "4 input channels");
        assertFalse(DirectConv.suits(new ConvGeometry(1, 3, 28, 28, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1)), "stride 2");
        assertFalse(DirectConv.suits(new ConvGeometry(1, 3, 28, 28, 6, 3, 3, 1, 1, 2, 2, 2, 2, 1)), "dilation 2");
        assertFalse(DirectConv.suits(new ConvGeometry(1, 3, 5, 5, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1)), "rows narrower than half a vector");
    }
}

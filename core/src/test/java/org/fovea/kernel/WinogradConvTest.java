package org.fovea.kernel;

import static org.fovea.kernel.ConvChecks.random;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Winograd F(4×4, 3×3) convolution, forced (whatever the selection rule says), against the direct definition. */
class WinogradConvTest {
    /** Awkward sizes: outputs of 1 to 35 pixels, so most tiles are ragged; channels that fill no vector. */
    static Stream<ConvGeometry> geometries() {
        int[] sizes = {1, 2, 3, 5, 7, 17, 33};
        int[] channels = {1, 3, 17, 64};
        List<ConvGeometry> list = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(7);
        while (list.size() < 60) {
            int h = sizes[rng.nextInt(sizes.length)], w = sizes[rng.nextInt(sizes.length)];
            int pad = rng.nextInt(3);
            if (h + 2 * pad < 3 || w + 2 * pad < 3) continue;
            int n = rng.nextBoolean() ? 1 : 3;
            int c = channels[rng.nextInt(channels.length)], k = channels[rng.nextInt(channels.length)];
            list.add(new ConvGeometry(n, c, h, w, k, 3, 3, 1, 1, pad, pad, 1, 1, 1));
        }
        // n, c, h, w, k, r, s, strideH, strideW, padH, padW, dilationH, dilationW, groups
        list.add(new ConvGeometry(2, 64, 8, 8, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1));   // ResNet-20 stage 3
        list.add(new ConvGeometry(1, 17, 33, 7, 3, 3, 3, 1, 1, 2, 0, 1, 1, 1));   // different paddings per axis
        list.add(new ConvGeometry(3, 6, 9, 10, 9, 3, 3, 1, 1, 1, 1, 1, 1, 3));    // groups
        list.add(new ConvGeometry(20, 16, 6, 6, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1));  // several blocks of tiles
        return list.stream();
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardMatchesTheDefinition(ConvGeometry g) {
        double worst = ConvChecks.checkForward("forward " + g, g, WinogradConv::forward);
        System.out.printf("forward %s: max error %.2e (tolerance %.2e)%n", g, worst, 1e-5 * Math.sqrt(g.patch()) + 1e-6 * g.patch());
    }

    /** The input gradient of a stride-1 3×3 convolution goes through Winograd once channels are many enough. */
    @Test
    void backwardDataTakesWinogradAndMatchesTheDefinition() {
        for (int pad : new int[] {0, 1, 2}) {
            ConvGeometry g = new ConvGeometry(8, 32, 15, 15, 48, 3, 3, 1, 1, pad, pad, 1, 1, 1);
            ConvGeometry t = new ConvGeometry(8, 48, g.outH(), g.outW(), 32, 3, 3, 1, 1, 2 - pad, 2 - pad, 1, 1, 1);
            assertTrue(Conv2d.winogradSelected(t), "the transposed convolution of " + g);
            SplittableRandom rng = new SplittableRandom(pad);
            float[] x = random(rng, g.inputSize());
            float[] w = random(rng, g.weightSize());
            float[] dOut = random(rng, g.outputSize());
            float[] dX = random(rng, g.inputSize());
            float[] rX = new float[g.inputSize()];
            Conv2d.conv2dBackward(g, x, w, dOut, dX, null, null);
            Conv2dReference.conv2dBackward(g, x, w, dOut, rX, null, null);
            printClose("dX " + g, rX, dX, g.k() * 9);
        }
    }

    @Test
    void selectionTakesTheLayersWhereItWins() {
        assertTrue(WinogradConv.selected(ConvGeometry.of(128, 32, 16, 16, 32, 3, 3, 1, 1)), "ResNet-20 stage 2");
        assertTrue(WinogradConv.selected(ConvGeometry.of(128, 64, 8, 8, 64, 3, 3, 1, 1)), "ResNet-20 stage 3");
        assertTrue(WinogradConv.selected(ConvGeometry.of(1, 64, 224, 224, 64, 3, 3, 1, 1)), "VGG-16 conv1_2");
        assertTrue(WinogradConv.selected(ConvGeometry.of(1, 256, 56, 56, 256, 3, 3, 1, 1)), "VGG-16 conv3_2");
        assertTrue(WinogradConv.selected(ConvGeometry.of(8, 256, 14, 14, 256, 3, 3, 1, 1)), "ResNet-18 layer3");
        assertFalse(WinogradConv.selected(ConvGeometry.of(128, 16, 32, 32, 16, 3, 3, 1, 1)), "16 channels");
        // Conv2d's choice between Winograd and the implicit GEMM
        assertFalse(Conv2d.winogradSelected(ConvGeometry.of(128, 32, 16, 16, 32, 3, 3, 1, 1)), "ResNet-20 stage 2: implicit");
        assertFalse(Conv2d.winogradSelected(ConvGeometry.of(8, 64, 56, 56, 64, 3, 3, 1, 1)), "ResNet-18 layer1: implicit");
        assertTrue(Conv2d.winogradSelected(ConvGeometry.of(128, 64, 8, 8, 64, 3, 3, 1, 1)), "ResNet-20 stage 3");
        assertTrue(Conv2d.winogradSelected(ConvGeometry.of(1, 128, 112, 112, 128, 3, 3, 1, 1)), "VGG-16 conv2_2");
        assertFalse(WinogradConv.selected(ConvGeometry.of(1, 512, 14, 14, 512, 3, 3, 1, 1)), "16 tiles");
        assertFalse(WinogradConv.selected(ConvGeometry.of(128, 3, 32, 32, 16, 3, 3, 1, 1)), "3 input channels");
        assertFalse(WinogradConv.selected(ConvGeometry.of(128, 16, 32, 32, 32, 3, 3, 2, 1)), "stride 2");
        assertFalse(WinogradConv.selected(ConvGeometry.of(8, 64, 56, 56, 64, 1, 1, 1, 0)), "1x1");
        assertFalse(WinogradConv.suits(new ConvGeometry(1, 16, 9, 9, 16, 3, 3, 1, 1, 2, 2, 2, 2, 1)), "dilation");
        assertFalse(WinogradConv.suits(ConvGeometry.of(1, 16, 9, 9, 16, 3, 3, 1, 3)), "padding 3");
        assertThrows(IllegalArgumentException.class, () -> WinogradConv.forward(ConvGeometry.of(1, 1, 5, 5, 1, 5, 5, 1, 0),
                new float[25], new float[25], null, new float[1]));
    }

    private static void printClose(String what, float[] expected, float[] actual, int terms) {
        double tol = 1e-5 * Math.sqrt(terms) + 1e-6 * terms;
        System.out.printf("%s: max error %.2e (tolerance %.2e)%n", what, ConvChecks.assertClose(what, expected, actual, terms), tol);
    }
}

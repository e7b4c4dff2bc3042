package org.fovea.kernel;

import static org.fovea.kernel.ConvChecks.assertClose;
import static org.fovea.kernel.ConvChecks.random;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The weight gradient by register tiles over row phases, called directly, against the direct definition. */
class ImplicitWeightGradientTest {
    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    static Stream<ConvGeometry> geometries() {
        // n, c, h, w, k, r, s, strideH, strideW, padH, padW, dilationH, dilationW, groups
        return Stream.of(
                new ConvGeometry(3, 16, 12, 12, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1),   // ResNet-like, one vector of channels
                new ConvGeometry(2, 9, 7, 13, 17, 3, 3, 1, 1, 0, 2, 1, 1, 1),     // 27 kernel rows (edge tile), 17 channels (2 vectors, padded)
                new ConvGeometry(3, 8, 11, 10, 32, 5, 3, 2, 1, 2, 1, 1, 1, 1),    // stride 2 down the rows (two phases), 5 kernel rows
                new ConvGeometry(2, 8, 13, 9, 16, 3, 3, 3, 1, 1, 1, 2, 1, 1),     // stride 3 and dilation 2 down the rows
                new ConvGeometry(3, 16, 16, 16, 32, 3, 3, 2, 2, 1, 1, 1, 1, 1),   // ResNet-like stride 2 (two column phases)
                new ConvGeometry(2, 12, 9, 11, 16, 3, 3, 1, 2, 0, 2, 1, 1, 1),    // stride 2 along odd widths only
                new ConvGeometry(2, 8, 6, 35, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1),     // stride 2, phase rows of 18 and 17 (a vector and a tail)
                new ConvGeometry(2, 32, 6, 6, 48, 3, 3, 1, 1, 1, 1, 1, 1, 2),     // groups
                new ConvGeometry(5, 64, 20, 20, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1),   // images in groups of 3 (and a partial group)
                new ConvGeometry(4, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1),    // LeNet-5 conv2: 5-tap rows, 30 kernel rows (edge tile)
                new ConvGeometry(3, 7, 9, 12, 20, 3, 5, 2, 1, 1, 2, 1, 1, 1),     // 5-tap rows, stride 2 down the rows, padded
                new ConvGeometry(2, 12, 8, 19, 17, 5, 5, 1, 1, 2, 2, 2, 1, 1));   // 5-tap rows, dilation 2 down the rows
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void matchesTheDefinition(ConvGeometry g) {
        assertTrue(ImplicitWeightGradient.suits(g), g.toString());
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            SplittableRandom rng = new SplittableRandom(g.hashCode());
            float[] x = random(rng, g.inputSize());
            float[] dOut = random(rng, g.outputSize());
            float[] dW = random(rng, g.weightSize()); // accumulated into
            float[] ref = dW.clone();
            ImplicitWeightGradient.weightGradient(g, x, dOut, dW);
            Conv2dReference.conv2dBackward(g, x, new float[g.weightSize()], dOut, null, ref, null);
            assertClose("dW " + g + " threads " + threads, ref, dW, g.n() * g.outH() * g.outW());
        }
    }

    @Test
    void selection() {
        assertTrue(ImplicitWeightGradient.suits(ConvGeometry.of(128, 32, 16, 16, 32, 3, 3, 1, 1)), "ResNet-20 32 ch");
        assertTrue(ImplicitWeightGradient.suits(ConvGeometry.of(8, 128, 28, 28, 128, 3, 3, 1, 1)), "128 x 1152 weights");
        assertFalse(ImplicitWeightGradient.suits(ConvGeometry.of(128, 3, 32, 32, 16, 3, 3, 1, 1)), "3 input channels");
        assertTrue(ImplicitWeightGradient.suits(ConvGeometry.of(64, 6, 14, 14, 16, 5, 5, 1, 0)), "LeNet-5 conv2: 5-tap rows");
        assertFalse(ImplicitWeightGradient.suits(ConvGeometry.of(64, 6, 28, 28, 16, 5, 5, 2, 2)), "5-tap rows at stride 2");
        assertFalse(ImplicitWeightGradient.suits(ConvGeometry.of(64, 1, 28, 28, 6, 5, 5, 1, 2)), "LeNet-5 conv1: 6 output channels");
        assertTrue(ImplicitWeightGradient.suits(ConvGeometry.of(128, 16, 32, 32, 32, 3, 3, 2, 1)), "ResNet-20 stride 2");
        assertFalse(ImplicitWeightGradient.suits(ConvGeometry.of(128, 16, 32, 32, 32, 3, 3, 3, 1)), "stride 3 along the width");
        assertFalse(ImplicitWeightGradient.suits(ConvGeometry.of(1, 512, 14, 14, 512, 3, 3, 1, 1)), "2.4M weights");
    }
}

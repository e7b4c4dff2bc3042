package org.fovea.kernel;

import static org.fovea.kernel.ConvChecks.assertClose;
import static org.fovea.kernel.ConvChecks.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** im2col + SGEMM convolution against the direct seven-loop definition. */
class Conv2dTest {
    static Stream<ConvGeometry> geometries() {
        List<ConvGeometry> list = new ArrayList<>();
        // n, c, h, w, k, r, s, strideH, strideW, padH, padW, dilationH, dilationW, groups
        list.add(new ConvGeometry(2, 3, 7, 7, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1));    // same padding
        list.add(new ConvGeometry(1, 1, 28, 28, 6, 5, 5, 1, 1, 2, 2, 1, 1, 1));  // LeNet conv1
        list.add(new ConvGeometry(3, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1)); // LeNet conv2
        list.add(new ConvGeometry(2, 4, 9, 11, 6, 3, 2, 2, 3, 1, 0, 1, 1, 1));   // odd strides and sizes
        list.add(new ConvGeometry(2, 4, 10, 10, 6, 3, 3, 1, 1, 2, 2, 2, 2, 1));  // dilation
        list.add(new ConvGeometry(2, 6, 8, 8, 9, 3, 3, 1, 1, 1, 1, 1, 1, 3));    // groups
        list.add(new ConvGeometry(2, 4, 5, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 4));    // depthwise
        list.add(new ConvGeometry(3, 5, 6, 7, 8, 1, 1, 1, 1, 0, 0, 1, 1, 1));    // pointwise (no im2col)
        list.add(new ConvGeometry(2, 8, 6, 6, 4, 1, 1, 2, 2, 0, 0, 1, 1, 2));    // strided 1x1, grouped
        list.add(new ConvGeometry(1, 3, 17, 17, 5, 11, 11, 4, 4, 0, 0, 1, 1, 1)); // AlexNet-like conv1
        list.add(new ConvGeometry(5, 2, 3, 3, 3, 3, 3, 1, 1, 0, 0, 1, 1, 1));    // 1x1 output
        list.add(new ConvGeometry(4, 3, 33, 1, 2, 3, 1, 1, 1, 1, 0, 1, 1, 1));   // width 1
        list.add(new ConvGeometry(2, 16, 6, 7, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1));   // dX as a transposed forward convolution
        list.add(new ConvGeometry(2, 32, 7, 5, 6, 3, 2, 1, 1, 2, 1, 2, 1, 2));   // the same with dilation and groups
        list.add(new ConvGeometry(2, 3, 16, 16, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1));  // rows of whole vectors, no tail
        list.add(new ConvGeometry(2, 2, 5, 35, 3, 3, 3, 1, 1, 0, 0, 1, 1, 1));   // 33 wide: vectors and a 1-lane tail
        list.add(new ConvGeometry(2, 4, 1, 1, 4, 1, 5, 1, 1, 0, 2, 1, 1, 1));    // input narrower than the kernel (padding only)
        list.add(new ConvGeometry(2, 4, 3, 1, 4, 1, 5, 2, 1, 0, 2, 1, 1, 1));    // the same, strided rows (no padded copy)
        list.add(new ConvGeometry(2, 3, 6, 37, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1));   // stride 2, phase rows of 19 and 18: a vector and a tail
        list.add(new ConvGeometry(1, 2, 5, 40, 3, 3, 3, 2, 2, 0, 0, 1, 1, 1));   // the same unpadded, 20 per phase row
        return list.stream();
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardAndBackwardMatchTheDefinition(ConvGeometry g) {
        // the whole batch in blocks of images, one image per block, then one output row per block
        for (int budget : new int[] {Conv2d.COLS_BUDGET, g.patch() * g.outH() * g.outW(), g.patch() * g.outW()}) {
            SplittableRandom rng = new SplittableRandom(g.hashCode());
            float[] x = random(rng, g.inputSize());
            float[] w = random(rng, g.weightSize());
            float[] b = random(rng, g.k());
            float[] dOut = random(rng, g.outputSize());
            float[] out = new float[g.outputSize()];
            float[] ref = new float[g.outputSize()];
            Conv2d.conv2dForward(g, x, w, b, out, budget);
            Conv2dReference.conv2dForward(g, x, w, b, ref);
            assertClose("forward " + g, ref, out, g.patch());

            float[] dX = random(rng, g.inputSize()); // garbage: must be overwritten
            float[] dW = new float[g.weightSize()];
            float[] dB = new float[g.k()];
            java.util.Arrays.fill(dW, 1f); // accumulated into
            java.util.Arrays.fill(dB, 1f);
            float[] rX = new float[g.inputSize()];
            float[] rW = new float[g.weightSize()];
            float[] rB = new float[g.k()];
            java.util.Arrays.fill(rW, 1f);
            java.util.Arrays.fill(rB, 1f);
            Conv2d.conv2dBackward(g, x, w, dOut, dX, dW, dB, budget);
            Conv2dReference.conv2dBackward(g, x, w, dOut, rX, rW, rB);
            assertClose("dX " + g, rX, dX, g.kg() * g.r() * g.s());
            assertClose("dWeight " + g, rW, dW, g.n() * g.outH() * g.outW());
            assertClose("dBias " + g, rB, dB, g.n() * g.outH() * g.outW());
        }
    }

    @Test
    void brokenGeometriesAreRejectedWithTheFormula() {
        var e = assertThrows(IllegalArgumentException.class, () -> ConvGeometry.of(1, 3, 4, 4, 8, 7, 7, 1, 1));
        assertTrue(e.getMessage().contains("(4 + 2*1 - 7)/1 + 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(1, 3, 8, 8, 4, 3, 3, 1, 1, 0, 0, 1, 1, 2));
        assertTrue(e.getMessage().contains("groups"), e.getMessage());
        assertEquals(55, ConvGeometry.of(1, 3, 227, 227, 96, 11, 11, 4, 0).outH(), "AlexNet conv1: (227 - 11)/4 + 1");
    }
}

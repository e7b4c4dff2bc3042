package org.fovea.kernel;

import static org.fovea.kernel.ConvChecks.assertClose;
import static org.fovea.kernel.ConvChecks.random;
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

/** The implicit-GEMM stride-1 convolution, forced, against the direct definition. */
class ImplicitConvTest {
    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** Awkward sizes, kernels 1×3 to 5×5, paddings 0–2, dilation 1–2, groups, channel counts that fill no tile. */
    static Stream<ConvGeometry> geometries() {
        int[] sizes = {1, 2, 3, 5, 7, 17, 33};
        int[] channels = {1, 3, 6, 16, 17};
        List<ConvGeometry> list = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(11);
        while (list.size() < 60) {
            int h = sizes[rng.nextInt(sizes.length)], w = sizes[rng.nextInt(sizes.length)];
            int r = 1 + rng.nextInt(5), s = 1 + rng.nextInt(5), dil = 1 + rng.nextInt(2);
            int padH = rng.nextInt(3), padW = rng.nextInt(3);
            if (h + 2 * padH < dil * (r - 1) + 1 || w + 2 * padW < dil * (s - 1) + 1) continue;
            int groups = rng.nextInt(4) == 0 ? 2 : 1;
            int c = channels[rng.nextInt(channels.length)] * groups, k = channels[rng.nextInt(channels.length)] * groups;
            int n = rng.nextBoolean() ? 1 : 3;
            ConvGeometry g = new ConvGeometry(n, c, h, w, k, r, s, 1, 1, padH, padW, dil, dil, groups);
            if (ImplicitConv.suits(g)) list.add(g);
        }
        // n, c, h, w, k, r, s, strideH, strideW, padH, padW, dilationH, dilationW, groups
        list.add(new ConvGeometry(4, 1, 28, 28, 6, 5, 5, 1, 1, 2, 2, 1, 1, 1));    // LeNet-5 conv1 (6 rows: the 6×4 tile)
        list.add(new ConvGeometry(4, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1));   // LeNet-5 conv2
        list.add(new ConvGeometry(3, 16, 32, 32, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1));  // ResNet-20 stage 1
        list.add(new ConvGeometry(1, 64, 8, 8, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1));    // one image: column panels split
        return list.stream();
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardMatchesTheDefinition(ConvGeometry g) {
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            ConvChecks.checkForward("forward " + g + " threads " + threads, g, ImplicitConv::forward);
        }
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void weightGradientMatchesTheDefinition(ConvGeometry g) {
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            SplittableRandom rng = new SplittableRandom(g.hashCode() + 1);
            float[] x = random(rng, g.inputSize());
            float[] dOut = random(rng, g.outputSize());
            float[] prior = random(rng, g.weightSize());
            float[] dW = prior.clone(); // accumulated into
            float[] ref = prior.clone();
            ImplicitConv.weightGradient(g, x, dOut, dW);
            Conv2dReference.conv2dBackward(g, x, new float[g.weightSize()], dOut, null, ref, null);
            assertClose("dW " + g + " threads " + threads, ref, dW, g.n() * g.outH() * g.outW());
        }
    }

    /** The input gradient of a stride-1 convolution with 16+ input channels is a forward convolution: this path. */
    @Test
    void backwardDataTakesItAndMatchesTheDefinition() {
        ConvGeometry g = new ConvGeometry(3, 16, 18, 18, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        ConvGeometry t = new ConvGeometry(3, 16, 18, 18, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        assertTrue(Conv2d.implicitSelected(t) && !WinogradConv.selected(t), "the transposed convolution of " + g);
        assertTrue(ImplicitConv.gradientSuits(g), "the weight gradient of " + g);
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = random(rng, g.inputSize());
        float[] w = random(rng, g.weightSize());
        float[] dOut = random(rng, g.outputSize());
        float[] dX = random(rng, g.inputSize());
        float[] dW = new float[g.weightSize()];
        float[] rX = new float[g.inputSize()];
        float[] rW = new float[g.weightSize()];
        Conv2d.conv2dBackward(g, x, w, dOut, dX, dW, null);
        Conv2dReference.conv2dBackward(g, x, w, dOut, rX, rW, null);
        assertClose("dX " + g, rX, dX, g.k() * 9);
        assertClose("dW " + g, rW, dW, g.n() * g.outH() * g.outW());
    }

    @Test
    void selection() {
        assertTrue(Conv2d.implicitSelected(ConvGeometry.of(64, 6, 14, 14, 16, 5, 5, 1, 0)), "LeNet-5 conv2");
        assertTrue(Conv2d.implicitSelected(ConvGeometry.of(128, 16, 32, 32, 16, 3, 3, 1, 1)), "ResNet-20 stage 1");
        assertFalse(ImplicitConv.suits(ConvGeometry.of(128, 16, 32, 32, 32, 3, 3, 2, 1)), "stride 2");
        assertFalse(ImplicitConv.suits(ConvGeometry.of(8, 64, 56, 56, 64, 1, 1, 1, 0)), "1x1 stride 1: a plain product");
        assertFalse(ImplicitConv.suits(ConvGeometry.of(1, 512, 14, 14, 512, 3, 3, 1, 1)), "patch 4608");
        assertTrue(ImplicitConv.gradientSuits(ConvGeometry.of(128, 16, 32, 32, 16, 3, 3, 1, 1)), "dW of ResNet-20 stage 1");
        assertFalse(ImplicitConv.gradientSuits(ConvGeometry.of(64, 6, 14, 14, 16, 5, 5, 1, 0)), "dW with rows of 140");
        assertFalse(ImplicitConv.gradientSuits(ConvGeometry.of(8, 128, 28, 28, 128, 3, 3, 1, 1)), "dW of 128 x 1152 weights");
    }

}

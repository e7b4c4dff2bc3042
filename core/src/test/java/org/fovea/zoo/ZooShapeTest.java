package org.fovea.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Output shapes of the zoo's models (small inputs where global or adaptive pooling allows), and their parts. */
class ZooShapeTest {
    private static final SplittableRandom RNG = new SplittableRandom(7);

    @ParameterizedTest(name = "{0} on {1}x{2}x{2}")
    @CsvSource({
        "alexnet-lrn-2gpu, 3, 227, 1000", "alexnet, 3, 64, 1000", "googlenet, 3, 64, 1000", "resnet18, 3, 64, 1000",
        "resnet34, 3, 32, 1000", "resnet20, 3, 32, 10", "resnet56, 3, 32, 10", "resnet20, 1, 28, 10", "vgg11-bn, 3, 32, 1000",
    })
    void forwardShape(String name, int channels, int size, int classes) {
        Module model = Models.create(name, Map.of("channels", channels, "size", size), RNG).eval();
        try (var scope = GradMode.noGrad()) {
            Variable y = model.forward(Tensor.randn(RNG, 2, channels, size, size));
            assertArrayEquals(new int[] {2, classes}, y.shape());
            for (float v : y.data().toArray()) assertTrue(Float.isFinite(v), name);
        }
    }

    @Test
    void googLeNetAuxiliaryClassifiers() {
        GoogLeNet net = GoogLeNet.of(3, 5, true, RNG);
        assertTrue(net.hasAux());
        net.eval();
        try (var scope = GradMode.noGrad()) {
            Tensor x = Tensor.randn(RNG, 2, 3, 64, 64);
            GoogLeNet.Outputs out = net.forwardWithAux(Variable.of(x));
            assertArrayEquals(new int[] {2, 5}, out.logits().shape());
            assertArrayEquals(new int[] {2, 5}, out.aux1().shape());
            assertArrayEquals(new int[] {2, 5}, out.aux2().shape());
            assertArrayEquals(out.logits().data().toArray(), net.forward(x).data().toArray(), "forward = the main head");
        }
        GoogLeNet plain = GoogLeNet.of(3, 5, false, RNG);
        plain.eval();
        assertEquals(null, plain.forwardWithAux(Variable.of(Tensor.zeros(1, 3, 32, 32))).aux1());
    }

    @Test
    void zeroPadShortcutSubsamplesAndPadsChannels() {
        Tensor x = Tensor.arange(2 * 2 * 5 * 5).reshape(2, 2, 5, 5);
        Variable in = Variable.param(x);
        Variable y = new ZeroPadShortcut(2, 6, 2).forward(in);
        assertArrayEquals(new int[] {2, 6, 3, 3}, y.shape());
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 6; c++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        float want = c < 2 || c >= 4 ? 0 : x.get(n, c - 2, 2 * i, 2 * j);
                        assertEquals(want, y.data().get(n, c, i, j), "n=" + n + " c=" + c + " i=" + i + " j=" + j);
                    }
                }
            }
        }
        y.sum().backward();
        assertEquals(2 * 2 * 9, in.grad().sum().item(), "the gradient reaches the kept pixels only");
        assertEquals(1f, in.grad().get(1, 1, 4, 2));
        assertEquals(0f, in.grad().get(1, 1, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> new ZeroPadShortcut(4, 2, 1));
    }

    @Test
    void cifarResNetTrainsEndToEnd() {
        Module net = Models.create("resnet20", Map.of(), RNG).train();
        Variable loss = net.forward(Tensor.randn(RNG, 4, 3, 32, 32)).logSoftmax(1).mean().neg();
        loss.backward();
        for (var p : net.namedParameters().entrySet()) assertNotNull(p.getValue().grad(), p.getKey() + " has a gradient");
        assertThrows(IllegalArgumentException.class, () -> CifarResNet.of(21, 3, 10, RNG));
    }

    @Test
    void tooSmallInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> AlexNet.lecture(3, 63, 10, false, RNG));
        assertThrows(IllegalArgumentException.class, () -> VGG.of("F", false, 3, 10, RNG));
        assertThrows(IllegalArgumentException.class, () -> ResNet.of(19, 3, 10, RNG));
    }
}

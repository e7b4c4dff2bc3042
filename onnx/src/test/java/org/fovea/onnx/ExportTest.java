package org.fovea.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import onnx.Onnx.ModelProto;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import java.util.ArrayList;
import java.util.List;
import org.fovea.nn.BatchNorm1d;
import org.fovea.nn.BatchNorm2d;
import org.fovea.nn.Maxout;
import org.fovea.nn.Module;
import org.fovea.nn.Residual;
import org.fovea.nn.Sequential;
import org.fovea.rnn.GRU;
import org.fovea.rnn.LSTM;
import org.fovea.rnn.RNN;
import org.fovea.tensor.Tensor;
import org.fovea.zoo.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every zoo model and the recurrent layers, exported to ONNX (opset 17), run in ONNX Runtime within 1e-4 of
 * Fovea, and import back into Fovea with the same outputs. ImageNet models run at a reduced input size (the
 * export is size-independent apart from the adaptive pooling); VGG at 32×32, where its classifier dominates.
 */
class ExportTest {
    static final float TOLERANCE = 1e-4f;

    static Stream<Arguments> zoo() {
        return Models.NAMES.stream().map(name -> {
            int[] in = Models.defaultInput(name);
            int size = switch (name) {
                case "lenet5", "mlp", "alexnet-lrn", "alexnet-lrn-2gpu" -> in[1];
                default -> name.startsWith("resnet") && in[1] == 32 ? 32 : name.startsWith("vgg") ? 32 : name.startsWith("alexnet") ? 112 : 64;
            };
            return Arguments.of(name, new int[] {2, in[0], size, size});
        });
    }

    /**
     * BatchNorm running statistics equal to one batch's statistics (zeroed, one training pass, divided by the
     * momentum), so activations are normalised as in a trained network rather than growing with depth.
     */
    static void settle(Module model, int[] shape, RandomGenerator rng) {
        List<Module> norms = new ArrayList<>();
        collect(model, norms);
        if (norms.isEmpty()) return;
        for (Module bn : norms) bn.namedBuffers().values().forEach(t -> t.fill(0f));
        model.train();
        try (var scope = GradMode.noGrad()) {
            int[] batch = shape.clone();
            batch[0] = 8;
            model.forward(Tensor.randn(rng, batch));
        }
        for (Module bn : norms) {
            double momentum = bn instanceof BatchNorm2d b2 ? b2.momentum() : ((BatchNorm1d) bn).momentum();
            bn.namedBuffers().values().forEach(t -> t.mulInPlace((float) (1 / momentum)));
        }
        model.eval();
    }

    private static void collect(Module m, List<Module> out) {
        if (m instanceof BatchNorm2d || m instanceof BatchNorm1d) out.add(m);
        // NOTE: randomly initialised deep BN networks amplify float32 rounding exponentially with depth
        // (Yang et al. 2019): resnet152 differs from ONNX Runtime by 2e-3 on outputs of 3.5. Damping each
        // residual body's last BatchNorm (as torchvision's zero_init_residual does, with 0) gives the
        // well-conditioned network a trained model is; the exported graph is the same.
        if (m instanceof Residual && m.children().get("body") instanceof Sequential body
                && body.get(body.size() - 1) instanceof BatchNorm2d last) {
            last.weight().data().mulInPlace(0.2f);
        }
        for (Module c : m.children().values()) collect(c, out);
    }

    static void check(String name, Module model, int[] shape, RandomGenerator rng) throws Exception {
        settle(model, shape, rng);
        long t0 = System.nanoTime();
        ModelProto proto = OnnxExporter.export(model, shape);
        Tensor x = Tensor.randn(rng, shape);
        float[] expected = OrtParity.fovea(model, x);
        float[] ort = OrtParity.ort(proto, x);
        float diff = OrtParity.maxAbsDiff(expected, ort);
        float scale = 0;
        for (float v : expected) scale = Math.max(scale, Math.abs(v));
        float bound = TOLERANCE;
        OnnxModel back = OnnxImporter.load(OnnxImporter.parse(proto.toByteArray()), rng);
        float roundTrip = OrtParity.maxAbsDiff(expected, OrtParity.fovea(back, x));
        OrtParity.record(String.format("%s input %s: max |y| = %.3g, max |Fovea - ORT| = %.3g, re-imported max diff = %.3g (%d ms)", name,
                java.util.Arrays.toString(shape), scale, diff, roundTrip, (System.nanoTime() - t0) / 1_000_000));
        assertTrue(diff <= bound, name + ": ORT differs by " + diff + " on outputs up to " + scale);
        assertTrue(roundTrip <= bound, name + ": re-imported model differs by " + roundTrip);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void zooModelRunsInOnnxRuntime(String name, int[] shape) throws Exception {
        RandomGenerator rng = new SplittableRandom(13);
        check(name, Models.create(name, Map.of("size", shape[2]), rng), shape, rng);
    }

    @Test
    void recurrentLayersRunInOnnxRuntime() throws Exception {
        RandomGenerator rng = new SplittableRandom(7);
        int[] shape = {3, 5, 4};
        check("rnn", new RNN(4, 6, rng), shape, rng);
        check("rnn-2layer-bidirectional", new RNN(4, 6, 2, true, rng), shape, rng);
        check("lstm", new LSTM(4, 6, rng), shape, rng);
        check("lstm-2layer-bidirectional", new LSTM(4, 6, 2, true, rng), shape, rng);
        check("gru", new GRU(4, 6, rng), shape, rng);
        check("gru-2layer-bidirectional", new GRU(4, 6, 2, true, rng), shape, rng);
    }

    @Test
    void unsupportedLayersAreListedAtOnce() {
        RandomGenerator rng = new SplittableRandom(1);
        Module m = new Sequential(new Maxout(4, 3, 2, rng), new org.fovea.nn.ReLU(), new Maxout(3, 2, 2, rng));
        var e = assertThrows(OnnxUnsupportedException.class, () -> OnnxExporter.export(m, 1, 4));
        assertTrue(e.getMessage().contains("org.fovea.nn.Maxout"), e.getMessage());
    }

    @Test
    void exportedNamesAreTheStateDictNames() {
        RandomGenerator rng = new SplittableRandom(3);
        Module lenet = Models.create("lenet5", Map.of(), rng);
        OnnxModel back = OnnxImporter.load(OnnxExporter.export(lenet, 1, 1, 28, 28), rng);
        assertArrayEquals(lenet.stateDict().keySet().toArray(), back.stateDict().keySet().toArray());
        Variable y = back.forward(Tensor.zeros(1, 1, 28, 28));
        assertArrayEquals(new int[] {1, 10}, y.shape());
    }
}

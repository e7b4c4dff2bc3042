package org.fovea.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fovea.testing.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Convolution and pooling kernels against PyTorch float64 (scripts/golden/conv_pool_golden.py). */
class ConvPoolGoldenTest {
    private static final double RTOL = 1e-5;
    private static final double ATOL = 2e-5;

    static Stream<JsonNode> convolutions() { return list("conv"); }
    static Stream<JsonNode> poolings() { return list("pool"); }

    private static Stream<JsonNode> list(String key) {
        List<JsonNode> l = new ArrayList<>();
        Golden.load("conv_pool.json").get(key).forEach(l::add);
        return l.stream();
    }

    @ParameterizedTest
    @MethodSource("convolutions")
    void convolutionMatchesPyTorch(JsonNode c) {
        int[] xs = Golden.ints(c.get("x").get("shape"));
        int[] ws = Golden.ints(c.get("weight").get("shape"));
        int[] st = Golden.ints(c.get("stride"));
        int[] pad = Golden.ints(c.get("padding"));
        int[] dil = Golden.ints(c.get("dilation"));
        ConvGeometry g = new ConvGeometry(xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3], st[0], st[1], pad[0], pad[1],
                dil[0], dil[1], c.get("groups").asInt());
        float[] x = Golden.floats(c.get("x"));
        float[] w = Golden.floats(c.get("weight"));
        float[] out = new float[g.outputSize()];
        Conv2d.conv2dForward(g, x, w, Golden.floats(c.get("bias")), out);
        String what = "conv " + g;
        Golden.assertClose(what + " out", c.get("out"), out, new int[] {g.n(), g.k(), g.outH(), g.outW()}, RTOL, ATOL);
        float[] dX = new float[g.inputSize()];
        float[] dW = new float[g.weightSize()];
        float[] dB = new float[g.k()];
        Conv2d.conv2dBackward(g, x, w, Golden.floats(c.get("upstream")), dX, dW, dB);
        Golden.assertClose(what + " dx", c.get("dx"), dX, xs, RTOL, ATOL);
        Golden.assertClose(what + " dweight", c.get("dweight"), dW, ws, RTOL, ATOL);
        Golden.assertClose(what + " dbias", c.get("dbias"), dB, new int[] {g.k()}, RTOL, ATOL);
    }

    @ParameterizedTest
    @MethodSource("poolings")
    void poolingMatchesPyTorch(JsonNode c) {
        int[] xs = Golden.ints(c.get("x").get("shape"));
        int[] k = Golden.ints(c.get("kernel"));
        int[] st = Golden.ints(c.get("stride"));
        int[] pad = Golden.ints(c.get("padding"));
        PoolGeometry g = new PoolGeometry(xs[0], xs[1], xs[2], xs[3], k[0], k[1], st[0], st[1], pad[0], pad[1],
                c.get("ceil_mode").asBoolean());
        float[] x = Golden.floats(c.get("x"));
        float[] out = new float[g.outputSize()];
        float[] dX = new float[g.inputSize()];
        float[] up = Golden.floats(c.get("upstream"));
        boolean include = c.get("count_include_pad").asBoolean();
        if (c.get("kind").asText().equals("max")) {
            int[] argmax = new int[g.outputSize()];
            Pool2d.maxPool2dForward(g, x, out, argmax);
            Pool2d.maxPool2dBackward(g, up, argmax, dX);
        } else {
            Pool2d.avgPool2dForward(g, include, x, out);
            Pool2d.avgPool2dBackward(g, include, up, dX);
        }
        String what = c.get("kind").asText() + "pool " + g + " countIncludePad=" + include;
        Golden.assertClose(what + " out", c.get("out"), out, new int[] {g.n(), g.c(), g.outH(), g.outW()}, RTOL, ATOL);
        Golden.assertClose(what + " dx", c.get("dx"), dX, xs, RTOL, ATOL);
    }
}

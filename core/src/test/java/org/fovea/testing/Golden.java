package org.fovea.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.fovea.tensor.Tensor;

/** Reads golden files made by the scripts in scripts/golden/ (tensors stored as {"shape", "data"}). */
public final class Golden {
    private Golden() {}

    public static JsonNode load(String resource) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + resource)) {
            if (in == null) throw new IllegalStateException("missing golden file /golden/" + resource);
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Tensor tensor(JsonNode node) {
        int[] shape = new int[node.get("shape").size()];
        for (int i = 0; i < shape.length; i++) shape[i] = node.get("shape").get(i).asInt();
        return Tensor.wrap(floats(node), shape);
    }

    public static float[] floats(JsonNode node) {
        JsonNode data = node.get("data");
        float[] out = new float[data.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) data.get(i).asDouble();
        return out;
    }

    public static int[] ints(JsonNode pair) {
        int[] out = new int[pair.size()];
        for (int i = 0; i < out.length; i++) out[i] = pair.get(i).asInt();
        return out;
    }

    /** Every element within atol + rtol·|golden| of the float64 golden value. */
    public static void assertClose(String what, JsonNode expected, float[] actual, int[] actualShape, double rtol, double atol) {
        assertArrayEquals(ints(expected.get("shape")), actualShape, what + ": shape");
        JsonNode data = expected.get("data");
        for (int i = 0; i < actual.length; i++) {
            double want = data.get(i).asDouble();
            assertTrue(Math.abs(actual[i] - want) <= atol + rtol * Math.abs(want),
                    what + " element " + i + ": " + actual[i] + " vs PyTorch " + want);
        }
    }

    public static void assertClose(String what, JsonNode expected, Tensor actual, double rtol, double atol) {
        assertClose(what, expected, actual.toArray(), actual.shape(), rtol, atol);
    }
}

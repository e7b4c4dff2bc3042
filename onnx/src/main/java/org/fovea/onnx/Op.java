package org.fovea.onnx;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * The implementation of one ONNX operator on {@link Value}s; {@code in[i]} is null for an omitted optional
 * input. Implementations compose Fovea's differentiable ops, so an imported graph trains.
 */
@FunctionalInterface
interface Op {
    Value[] run(Node n, Value[] in, Context ctx);

    /** What an op may read from the model running it: the training flag and the random source for dropout. */
    record Context(boolean training, RandomGenerator rng) {}

    /** Input {@code i} as float data; integer data is converted (shape inputs are small). */
    static Variable floats(Node n, Value[] in, int i) {
        Value v = input(n, in, i);
        if (v instanceof Value.Floats f) return f.v();
        Value.Ints ints = (Value.Ints) v;
        float[] f = new float[ints.data().length];
        for (int k = 0; k < f.length; k++) f[k] = ints.data()[k];
        return Variable.of(Tensor.wrap(f, ints.shape()));
    }

    /** Input {@code i} as integer data (shapes, axes, indices); float data is an error. */
    static Value.Ints ints(Node n, Value[] in, int i) {
        Value v = input(n, in, i);
        if (v instanceof Value.Ints ints) return ints;
        throw n.fail("input " + i + " must be an integer tensor, got float data");
    }

    /** Input {@code i}, which must be present. */
    static Value input(Node n, Value[] in, int i) {
        if (i >= in.length || in[i] == null) throw n.fail("missing required input " + i);
        return in[i];
    }

    /** Whether optional input {@code i} is present. */
    static boolean has(Value[] in, int i) { return i < in.length && in[i] != null; }

    /** A scalar (or one-element) input as a float. */
    static float scalar(Node n, Value[] in, int i) {
        Variable v = floats(n, in, i);
        if (v.numel() != 1) throw n.fail("input " + i + " must hold one value, got shape " + Arrays.toString(v.shape()));
        return v.data().contiguous().toArray()[0];
    }

    static Value[] one(Variable v) { return new Value[] {new Value.Floats(v)}; }

    /** Checks that a result of this shape may be allocated. */
    static void checkSize(Node n, long... dims) {
        try {
            Limits.numel(dims, n.label);
        } catch (OnnxFormatException e) {
            throw n.fail("the result would have shape " + Arrays.toString(dims) + ", beyond the limit of " + Limits.MAX_ELEMENTS + " elements");
        }
    }
}

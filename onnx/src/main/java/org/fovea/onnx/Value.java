package org.fovea.onnx;

import java.util.Arrays;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * A value flowing along an edge of an imported graph: float data as an autograd {@link Variable} (so the
 * graph trains), or integer data (int64, int32, bool …) as plain longs, which only shape computations use.
 */
public sealed interface Value {
    int[] shape();

    /** Float data (FLOAT, DOUBLE and FLOAT16 all become float32). */
    record Floats(Variable v) implements Value {
        @Override
        public int[] shape() { return v.shape(); }

        public static Floats of(Tensor t) { return new Floats(Variable.of(t)); }
    }

    /** Integer or boolean data, row-major; {@code type} is the ONNX element type (INT64 = 7, BOOL = 9 …). */
    record Ints(long[] data, int[] shape, int type) implements Value {
        public Ints {
            if (data.length != Limits.numel(shape)) {
                throw new OnnxFormatException("integer tensor of shape " + Arrays.toString(shape) + " holds " + data.length + " values");
            }
        }

        @Override
        public int[] shape() { return shape.clone(); }

        public static Ints int64(long[] data, int... shape) { return new Ints(data, shape, Tensors.INT64); }
    }
}

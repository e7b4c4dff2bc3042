package org.fovea.onnx;

import java.util.Arrays;
import java.util.function.LongBinaryOperator;

/** Element-wise arithmetic on integer values with numpy broadcasting (shape computations of exported graphs). */
final class Broadcast {
    private Broadcast() {}

    static int[] shape(Node n, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int d = 0; d < rank; d++) {
            int da = d - (rank - a.length) >= 0 ? a[d - (rank - a.length)] : 1;
            int db = d - (rank - b.length) >= 0 ? b[d - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) throw n.fail("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            out[d] = da == 1 ? db : da;
        }
        return out;
    }

    static Value.Ints apply(Node n, Value.Ints a, Value.Ints b, LongBinaryOperator f) {
        int[] out = shape(n, a.shape(), b.shape());
        int total = Limits.numel(out);
        long[] r = new long[total];
        for (int i = 0; i < total; i++) r[i] = f.applyAsLong(a.data()[source(i, out, a.shape())], b.data()[source(i, out, b.shape())]);
        return new Value.Ints(r, out, a.type());
    }

    /** The flat index in a tensor of shape {@code in} that broadcasts to flat index {@code i} of shape {@code out}. */
    private static int source(int i, int[] out, int[] in) {
        int src = 0;
        int stride = 1;
        for (int d = out.length - 1, e = in.length - 1; d >= 0; d--, e--) {
            int coord = i % out[d];
            i /= out[d];
            if (e >= 0) {
                if (in[e] != 1) src += coord * stride;
                stride *= in[e];
            }
        }
        return src;
    }
}

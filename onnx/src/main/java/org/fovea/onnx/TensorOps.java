package org.fovea.onnx;

import java.util.Arrays;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.UnaryOperator;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Arithmetic, joins and shape operators. Integer values (the shape computations PyTorch exports, such as
 * Shape → Gather → Unsqueeze → Concat → Reshape) run on longs: an op on an integer tensor is applied to a
 * tensor of its element indices and the longs are picked by the result ({@link #mapInts}).
 */
final class TensorOps {
    private TensorOps() {}

    static void register(Map<String, Op> ops) {
        ops.put("Add", (n, in, ctx) -> binary(n, in, Variable::add, Long::sum));
        ops.put("Sub", (n, in, ctx) -> binary(n, in, Variable::sub, (a, b) -> a - b));
        ops.put("Mul", (n, in, ctx) -> binary(n, in, Variable::mul, (a, b) -> a * b));
        ops.put("Div", (n, in, ctx) -> binary(n, in, Variable::div, (a, b) -> {
            if (b == 0) throw n.fail("integer division by zero");
            return a / b;
        }));
        ops.put("Identity", (n, in, ctx) -> new Value[] {Op.input(n, in, 0)});
        ops.put("Constant", TensorOps::constant);
        ops.put("Shape", TensorOps::shape);
        ops.put("Cast", TensorOps::cast);
        ops.put("Flatten", (n, in, ctx) -> {
            Value x = Op.input(n, in, 0);
            int[] s = x.shape();
            long a = n.i("axis", 1);
            if (a < -s.length || a > s.length) throw n.fail("axis " + a + " is out of range for rank " + s.length);
            int axis = (int) (a < 0 ? a + s.length : a);
            int outer = 1;
            for (int d = 0; d < axis; d++) outer *= s[d];
            return new Value[] {reshape(x, new int[] {outer, Limits.numel(s) / Math.max(outer, 1)}, n)};
        });
        ops.put("Reshape", TensorOps::reshapeOp);
        ops.put("Transpose", (n, in, ctx) -> {
            Value x = Op.input(n, in, 0);
            int rank = x.shape().length;
            int[] perm = n.ints("perm", null, 0, rank - 1);
            if (perm == null) {
                perm = new int[rank];
                for (int d = 0; d < rank; d++) perm[d] = rank - 1 - d;
            }
            if (perm.length != rank || Arrays.stream(perm).distinct().count() != rank) throw n.fail("perm " + Arrays.toString(perm) + " is not a permutation of " + rank + " axes");
            int[] p = perm;
            return new Value[] {apply(n, x, v -> v.permute(p))};
        });
        ops.put("Squeeze", (n, in, ctx) -> squeeze(n, in, false));
        ops.put("Unsqueeze", (n, in, ctx) -> squeeze(n, in, true));
        ops.put("Concat", TensorOps::concat);
        ops.put("Gather", TensorOps::gather);
        ops.put("Slice", TensorOps::slice);
        ops.put("Pad", TensorOps::pad);
        ops.put("ReduceMean", (n, in, ctx) -> {
            Variable x = Op.floats(n, in, 0);
            long[] axes = n.ints("axes");
            boolean keep = n.i("keepdims", 1) != 0;
            int[] dims = axes == null ? allAxes(x.dim()) : Arrays.stream(axes).mapToInt(a -> n.axis(a, x.dim())).distinct().sorted().toArray();
            return Op.one(x.mean(dims, keep));
        });
    }

    private static int[] allAxes(int rank) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) d[i] = i;
        return d;
    }

    private static Value[] binary(Node n, Value[] in, BinaryOperator<Variable> f, LongBinaryOperator g) {
        Value a = Op.input(n, in, 0);
        Value b = Op.input(n, in, 1);
        if (a instanceof Value.Ints ia && b instanceof Value.Ints ib) return new Value[] {Broadcast.apply(n, ia, ib, g)};
        Variable x = Op.floats(n, in, 0);
        Variable y = Op.floats(n, in, 1);
        if (n.opset < 7 && n.i("broadcast", 0) != 0) y = legacyBroadcast(n, x, y);
        Broadcast.shape(n, x.shape(), y.shape());
        return Op.one(f.apply(x, y));
    }

    /** Opsets before 7: B's dimensions align with A's from {@code axis} on (default: the trailing ones). */
    private static Variable legacyBroadcast(Node n, Variable a, Variable b) {
        int axis = (int) n.i("axis", a.dim() - b.dim());
        if (axis < 0 || axis + b.dim() > a.dim()) throw n.fail("broadcast axis " + axis + " does not fit shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        int[] shape = new int[a.dim()];
        Arrays.fill(shape, 1);
        System.arraycopy(b.shape(), 0, shape, axis, b.dim());
        return b.reshape(shape);
    }

    /** Applies a shape op to float data directly, or to integer data through its index tensor. */
    static Value apply(Node n, Value x, UnaryOperator<Variable> op) {
        if (x instanceof Value.Floats f) return new Value.Floats(op.apply(f.v()));
        return mapInts(n, (Value.Ints) x, t -> op.apply(Variable.of(t)).data());
    }

    /** Runs {@code op} on a float tensor holding 0, 1, 2 … in x's shape and picks x's longs by the result. */
    static Value.Ints mapInts(Node n, Value.Ints x, UnaryOperator<Tensor> op) {
        if (x.data().length > 1 << 24) throw n.unsupported("integer tensors above 2^24 elements are not supported");
        Tensor idx = Tensor.arange(x.data().length).reshape(x.shape());
        Tensor r = op.apply(idx).contiguous();
        float[] f = r.toArray();
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) out[i] = x.data()[(int) f[i]];
        return new Value.Ints(out, r.shape(), x.type());
    }

    static Value reshape(Value x, int[] shape, Node n) {
        if (x instanceof Value.Floats f) return new Value.Floats(f.v().reshape(shape));
        Value.Ints i = (Value.Ints) x;
        if (Limits.numel(shape) != i.data().length) throw n.fail("cannot reshape " + Arrays.toString(i.shape()) + " to " + Arrays.toString(shape));
        return new Value.Ints(i.data(), shape, i.type());
    }

    private static Value[] constant(Node n, Value[] in, Op.Context ctx) {
        if (n.t("value") != null) return new Value[] {Tensors.read(n.t("value"), n.label)};
        if (n.has("value_float")) return new Value[] {Value.Floats.of(Tensor.scalar(n.f("value_float", 0)))};
        if (n.has("value_floats")) {
            float[] f = n.floats("value_floats");
            return new Value[] {Value.Floats.of(Tensor.wrap(f, f.length))};
        }
        if (n.has("value_int")) return new Value[] {Value.Ints.int64(new long[] {n.i("value_int", 0)})};
        if (n.has("value_ints")) {
            long[] l = n.ints("value_ints");
            return new Value[] {Value.Ints.int64(l, l.length)};
        }
        throw n.unsupported("only tensor, float(s) and int(s) constants are supported");
    }

    private static Value[] shape(Node n, Value[] in, Op.Context ctx) {
        int[] s = Op.input(n, in, 0).shape();
        int start = (int) clampIndex(n.i("start", 0), s.length);
        int end = (int) clampIndex(n.i("end", s.length), s.length);
        long[] out = new long[Math.max(0, end - start)];
        for (int d = 0; d < out.length; d++) out[d] = s[start + d];
        return new Value[] {Value.Ints.int64(out, out.length)};
    }

    private static long clampIndex(long i, int size) {
        if (i < 0) i += size;
        return Math.clamp(i, 0, size);
    }

    private static Value[] cast(Node n, Value[] in, Op.Context ctx) {
        int to = n.int32("to", 0);
        if (!Tensors.isSupported(to)) throw n.unsupported("cast to " + Tensors.typeName(to) + " is not supported");
        Value x = Op.input(n, in, 0);
        if (Tensors.isFloat(to)) return new Value[] {new Value.Floats(Op.floats(n, in, 0))};
        long[] out;
        if (x instanceof Value.Ints i) out = i.data().clone();
        else {
            float[] f = ((Value.Floats) x).v().data().contiguous().toArray();
            out = new long[f.length];
            for (int k = 0; k < f.length; k++) out[k] = (long) f[k];
        }
        if (to == Tensors.BOOL) for (int k = 0; k < out.length; k++) out[k] = out[k] != 0 ? 1 : 0;
        return new Value[] {new Value.Ints(out, x.shape(), to)};
    }

    private static Value[] reshapeOp(Node n, Value[] in, Op.Context ctx) {
        Value x = Op.input(n, in, 0);
        long[] target = Op.ints(n, in, 1).data();
        int[] s = x.shape();
        boolean allowZero = n.i("allowzero", 0) != 0;
        long[] out = new long[target.length];
        int infer = -1;
        long known = 1;
        for (int d = 0; d < out.length; d++) {
            out[d] = target[d] == 0 && !allowZero ? (d < s.length ? s[d] : -2) : target[d];
            if (out[d] == -1 && infer < 0) infer = d;
            else if (out[d] < 0) throw n.fail("invalid target shape " + Arrays.toString(target) + " for input " + Arrays.toString(s));
            else known *= Math.max(out[d], 1);
            if (known > Limits.MAX_ELEMENTS) throw n.fail("target shape " + Arrays.toString(target) + " is too large");
        }
        long numel = Limits.numel(Arrays.stream(s).asLongStream().toArray(), n.label);
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) throw n.fail("cannot reshape " + Arrays.toString(s) + " to " + Arrays.toString(target));
            out[infer] = numel / known;
        }
        int[] shape = Limits.dims(out, n.label);
        if (Limits.numel(shape) != numel) throw n.fail("cannot reshape " + Arrays.toString(s) + " to " + Arrays.toString(target));
        return new Value[] {reshape(x, shape, n)};
    }

    private static Value[] squeeze(Node n, Value[] in, boolean unsqueeze) {
        Value x = Op.input(n, in, 0);
        long[] axes = n.opset < 13 ? n.ints("axes") : Op.has(in, 1) ? Op.ints(n, in, 1).data() : null;
        int[] s = x.shape();
        if (unsqueeze) {
            if (axes == null) throw n.fail("axes are required");
            int rank = s.length + axes.length;
            if (rank > Limits.MAX_RANK) throw n.unsupported("rank " + rank + " exceeds " + Limits.MAX_RANK);
            boolean[] isNew = new boolean[rank];
            for (long a : axes) {
                int d = n.axis(a, rank);
                if (isNew[d]) throw n.fail("repeated axis " + a);
                isNew[d] = true;
            }
            int[] out = new int[rank];
            for (int d = 0, k = 0; d < rank; d++) out[d] = isNew[d] ? 1 : s[k++];
            return new Value[] {reshape(x, out, n)};
        }
        boolean[] drop = new boolean[s.length];
        if (axes == null) for (int d = 0; d < s.length; d++) drop[d] = s[d] == 1;
        else for (long a : axes) {
            int d = n.axis(a, s.length);
            if (s[d] != 1) throw n.fail("cannot squeeze axis " + a + " of size " + s[d]);
            drop[d] = true;
        }
        int[] out = new int[s.length];
        int k = 0;
        for (int d = 0; d < s.length; d++) if (!drop[d]) out[k++] = s[d];
        return new Value[] {reshape(x, Arrays.copyOf(out, k), n)};
    }

    private static Value[] concat(Node n, Value[] in, Op.Context ctx) {
        if (in.length == 0) throw n.fail("needs at least one input");
        int rank = Op.input(n, in, 0).shape().length;
        int axis = n.axis(n.i("axis", 0), rank);
        boolean ints = true;
        long total = 0;
        for (int i = 0; i < in.length; i++) {
            int[] s = Op.input(n, in, i).shape();
            if (s.length != rank) throw n.fail("inputs have different ranks");
            ints &= in[i] instanceof Value.Ints;
            total += s[axis];
        }
        long[] outShape = Arrays.stream(Op.input(n, in, 0).shape()).asLongStream().toArray();
        outShape[axis] = total;
        Op.checkSize(n, outShape);
        if (!ints) {
            Variable[] parts = new Variable[in.length];
            for (int i = 0; i < in.length; i++) parts[i] = Op.floats(n, in, i);
            return Op.one(Variable.concat(axis, parts));
        }
        // Integer parts: concatenate index tensors offset into one combined array of longs.
        int offset = 0;
        Tensor[] idx = new Tensor[in.length];
        long[] all = new long[Arrays.stream(in).mapToInt(v -> ((Value.Ints) v).data().length).sum()];
        for (int i = 0; i < in.length; i++) {
            long[] d = ((Value.Ints) in[i]).data();
            System.arraycopy(d, 0, all, offset, d.length);
            idx[i] = Tensor.arange(offset, offset + d.length, 1).reshape(in[i].shape());
            offset += d.length;
        }
        if (all.length > 1 << 24) throw n.unsupported("integer tensors above 2^24 elements are not supported");
        float[] f = Tensor.concat(axis, idx).contiguous().toArray();
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) out[i] = all[(int) f[i]];
        return new Value[] {new Value.Ints(out, Limits.dims(outShape, n.label), ((Value.Ints) in[0]).type())};
    }

    private static Value[] gather(Node n, Value[] in, Op.Context ctx) {
        Value x = Op.input(n, in, 0);
        Value.Ints indices = Op.ints(n, in, 1);
        int[] s = x.shape();
        if (s.length == 0) throw n.fail("cannot gather from a scalar");
        int axis = n.axis(n.i("axis", 0), s.length);
        int[] idx = new int[indices.data().length];
        for (int i = 0; i < idx.length; i++) {
            long v = indices.data()[i];
            if (v < -s[axis] || v >= s[axis]) throw n.fail("index " + v + " is out of range for axis " + axis + " of size " + s[axis]);
            idx[i] = (int) (v < 0 ? v + s[axis] : v);
        }
        int[] is = indices.shape();
        int[] out = new int[s.length - 1 + is.length];
        System.arraycopy(s, 0, out, 0, axis);
        System.arraycopy(is, 0, out, axis, is.length);
        System.arraycopy(s, axis + 1, out, axis + is.length, s.length - axis - 1);
        if (out.length > Limits.MAX_RANK) throw n.unsupported("rank " + out.length + " exceeds " + Limits.MAX_RANK);
        long[] outL = Arrays.stream(out).asLongStream().toArray();
        Op.checkSize(n, outL);
        return new Value[] {apply(n, x, v -> v.indexSelect(axis, idx).reshape(out))};
    }

    private static Value[] slice(Node n, Value[] in, Op.Context ctx) {
        Value x = Op.input(n, in, 0);
        int[] s = x.shape();
        long[] starts, ends, axes, steps;
        if (n.opset < 10) {
            starts = n.ints("starts");
            ends = n.ints("ends");
            axes = n.ints("axes");
            steps = null;
            if (starts == null || ends == null) throw n.fail("starts and ends are required");
        } else {
            starts = Op.ints(n, in, 1).data();
            ends = Op.ints(n, in, 2).data();
            axes = Op.has(in, 3) ? Op.ints(n, in, 3).data() : null;
            steps = Op.has(in, 4) ? Op.ints(n, in, 4).data() : null;
        }
        if (ends.length != starts.length || (axes != null && axes.length != starts.length) || (steps != null && steps.length != starts.length)) {
            throw n.fail("starts, ends, axes and steps must have the same length");
        }
        Value y = x;
        boolean[] seen = new boolean[s.length];
        for (int k = 0; k < starts.length; k++) {
            int axis = n.axis(axes == null ? k : axes[k], s.length);
            if (seen[axis]) throw n.fail("repeated axis " + axis);
            seen[axis] = true;
            long step = steps == null ? 1 : steps[k];
            if (step == 0) throw n.fail("step must not be 0");
            int dim = s[axis];
            long start = starts[k] < 0 ? starts[k] + dim : starts[k];
            long end = ends[k] < 0 ? ends[k] + dim : ends[k];
            start = step > 0 ? Math.clamp(start, 0, dim) : Math.clamp(start, 0, dim - 1);
            end = step > 0 ? Math.clamp(end, 0, dim) : Math.clamp(end, -1, dim - 1);
            int count = (int) Math.max(0, step > 0 ? (end - start + step - 1) / step : (start - end - step - 1) / -step);
            int[] idx = new int[count];
            for (int i = 0; i < count; i++) idx[i] = (int) (start + i * step);
            if (count == dim && step == 1) continue;
            y = apply(n, y, v -> v.indexSelect(axis, idx));
        }
        return new Value[] {y};
    }

    private static Value[] pad(Node n, Value[] in, Op.Context ctx) {
        Variable x = Op.floats(n, in, 0);
        String mode = n.s("mode", "constant");
        long[] pads = n.opset < 11 ? n.ints("pads") : Op.ints(n, in, 1).data();
        float value = n.opset < 11 ? n.f("value", 0f) : Op.has(in, 2) ? Op.scalar(n, in, 2) : 0f;
        if (Op.has(in, 3)) throw n.unsupported("the axes input is not supported");
        if (pads == null || pads.length != 2 * x.dim()) throw n.fail("pads must have 2 × rank = " + 2 * x.dim() + " values");
        for (int d = 0; d < x.dim(); d++) x = Padding.pad(n, x, d, pads[d], pads[d + x.dim()], mode, value);
        return Op.one(x);
    }
}

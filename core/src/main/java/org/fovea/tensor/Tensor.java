package org.fovea.tensor;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.fovea.tensor.ElementWise.Binary;
import org.fovea.tensor.ElementWise.Unary;
import org.fovea.tensor.Reductions.Kind;

/**
 * A float32 N-dimensional array on a heap {@code float[]}: shape, strides and offset, row-major.
 *
 * <p>Element (i₀, …, iₙ₋₁) lives at {@code data[offset + Σ i_d · stride_d]}. Reshapes of contiguous
 * tensors, transposes, permutes, narrows, squeezes and expands are views sharing the array; every other op
 * returns a new contiguous tensor. Binary ops broadcast as NumPy and PyTorch do. This class knows nothing
 * of gradients: {@link org.fovea.autograd.Variable} builds the computational graph on top of it.
 * Shape errors throw {@link IllegalArgumentException} naming the op and the shapes involved.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    private Tensor(float[] data, int[] shape, int[] strides, int offset) {
        this.data = data;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ---- creation ---------------------------------------------------------------------------------

    /** Wraps an array without copying it; its length must equal the shape's element count. */
    public static Tensor wrap(float[] data, int... shape) {
        int n = Shape.numel(shape);
        if (data.length != n) {
            throw new IllegalArgumentException("wrap: " + data.length + " values cannot fill shape " + Shape.format(shape) + " (" + n + " elements)");
        }
        return new Tensor(data, shape.clone(), Shape.contiguousStrides(shape), 0);
    }

    /** A new tensor holding a copy of the values. */
    public static Tensor of(float[] values, int... shape) {
        return wrap(values.clone(), shape);
    }

    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length + " values, row 0 has " + cols);
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return wrap(flat, rows.length, cols);
    }

    public static Tensor scalar(float value) { return wrap(new float[] {value}); }

    public static Tensor zeros(int... shape) { return wrap(new float[Shape.numel(shape)], shape); }

    public static Tensor ones(int... shape) { return full(1f, shape); }

    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        Arrays.fill(d, value);
        return wrap(d, shape);
    }

    public static Tensor zerosLike(Tensor t) { return zeros(t.shape); }

    /** Values start, start+step, … below end (as torch.arange). */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || (end - start) / step < 0) throw new IllegalArgumentException("arange: step " + step + " never goes from " + start + " to " + end);
        int n = (int) Math.ceil((end - start) / step);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = start + i * step;
        return wrap(d, n);
    }

    public static Tensor arange(int n) { return arange(0, n, 1); }

    /** {@code steps} evenly spaced values from start to end inclusive. */
    public static Tensor linspace(float start, float end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        float[] d = new float[steps];
        for (int i = 0; i < steps; i++) d[i] = steps == 1 ? start : (float) (start + (double) (end - start) * i / (steps - 1));
        return wrap(d, steps);
    }

    /** Uniform values in [0, 1) drawn from the given generator. */
    public static Tensor rand(RandomGenerator rng, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = rng.nextFloat();
        return wrap(d, shape);
    }

    /** Standard normal values drawn from the given generator. */
    public static Tensor randn(RandomGenerator rng, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian();
        return wrap(d, shape);
    }

    // ---- layout -------------------------------------------------------------------------------------

    /** The backing array, shared with views; see the class comment for how elements are addressed. */
    public float[] data() { return data; }
    public int offset() { return offset; }
    public int[] shape() { return shape.clone(); }
    public int[] strides() { return strides.clone(); }
    public int dim() { return shape.length; }
    public int numel() { return Shape.numel(shape); }
    public int size(int dim) { return shape[Shape.dim("size", dim, shape.length)]; }
    public int stride(int dim) { return strides[Shape.dim("stride", dim, shape.length)]; }

    public boolean isContiguous() {
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != s) return false;
            s *= shape[i];
        }
        return true;
    }

    /** This tensor if contiguous, else a contiguous copy. */
    public Tensor contiguous() { return isContiguous() ? this : copy(); }

    /** A contiguous copy that shares nothing with this tensor. */
    public Tensor copy() { return wrap(ElementWise.copyContiguous(this), shape); }

    /** The values in row-major order, as a new array. */
    public float[] toArray() {
        if (isContiguous()) return Arrays.copyOfRange(data, offset, offset + numel());
        return ElementWise.copyContiguous(this);
    }

    public float get(int... index) { return data[offsetOf("get", index)]; }

    public void set(float value, int... index) { data[offsetOf("set", index)] = value; }

    /** The value of a one-element tensor. */
    public float item() {
        if (numel() != 1) throw new IllegalArgumentException("item: tensor of shape " + Shape.format(shape) + " has " + numel() + " elements, not 1");
        return data[offset];
    }

    private int offsetOf(String op, int[] index) {
        if (index.length != shape.length) throw new IllegalArgumentException(op + ": " + index.length + " indices for shape " + Shape.format(shape));
        int off = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) throw new IllegalArgumentException(op + ": index " + Arrays.toString(index) + " out of bounds for shape " + Shape.format(shape));
            off += index[i] * strides[i];
        }
        return off;
    }

    // ---- views --------------------------------------------------------------------------------------

    /** The same values in another shape (one entry may be -1); a view when contiguous, else a copy. */
    public Tensor reshape(int... newShape) {
        int[] s = Shape.infer("reshape", numel(), shape, newShape);
        Tensor c = contiguous();
        return new Tensor(c.data, s, Shape.contiguousStrides(s), c.offset);
    }

    /** As {@link #reshape} but refuses to copy: the tensor must be contiguous. */
    public Tensor view(int... newShape) {
        if (!isContiguous()) throw new IllegalArgumentException("view: tensor of shape " + Shape.format(shape) + " is not contiguous; use reshape");
        return reshape(newShape);
    }

    public Tensor flatten() { return reshape(-1); }

    public Tensor permute(int... order) {
        if (order.length != shape.length) throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " does not match shape " + Shape.format(shape));
        int[] s = new int[order.length];
        int[] st = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int d = Shape.dim("permute", order[i], shape.length);
            if (seen[d]) throw new IllegalArgumentException("permute: dimension " + d + " repeated in " + Arrays.toString(order));
            seen[d] = true;
            s[i] = shape[d];
            st[i] = strides[d];
        }
        return new Tensor(data, s, st, offset);
    }

    public Tensor transpose(int dim0, int dim1) {
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int a = Shape.dim("transpose", dim0, shape.length);
        int b = Shape.dim("transpose", dim1, shape.length);
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Transpose of a 2-D tensor. */
    public Tensor t() {
        if (dim() != 2) throw new IllegalArgumentException("t: expects a 2-D tensor, got shape " + Shape.format(shape));
        return transpose(0, 1);
    }

    /** The slice [start, start + length) along dim, as a view. */
    public Tensor narrow(int dim, int start, int length) {
        int d = Shape.dim("narrow", dim, shape.length);
        if (start < 0 || length < 0 || start + length > shape[d]) {
            throw new IllegalArgumentException("narrow: range [" + start + ", " + (start + length) + ") out of bounds for dimension " + d + " of shape " + Shape.format(shape));
        }
        int[] s = shape.clone();
        s[d] = length;
        return new Tensor(data, s, strides, offset + start * strides[d]);
    }

    /** The sub-tensor at index along dim; the dimension disappears (a view). */
    public Tensor select(int dim, int index) {
        int d = Shape.dim("select", dim, shape.length);
        return narrow(d, index, 1).squeeze(d);
    }

    /** The sub-tensor at the given leading indices (x[i, j] for two indices), a view. */
    public Tensor select(int... leading) {
        Tensor t = this;
        for (int i : leading) t = t.select(0, i);
        return t;
    }

    public Tensor squeeze() {
        int n = 0;
        for (int d : shape) if (d != 1) n++;
        int[] s = new int[n];
        int[] st = new int[n];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (shape[i] != 1) { s[j] = shape[i]; st[j++] = strides[i]; }
        }
        return new Tensor(data, s, st, offset);
    }

    /** Removes dimension dim if its size is 1 (as PyTorch, a no-op otherwise). */
    public Tensor squeeze(int dim) {
        int d = Shape.dim("squeeze", dim, shape.length);
        if (shape[d] != 1) return this;
        int[] s = new int[shape.length - 1];
        int[] st = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != d) { s[j] = shape[i]; st[j++] = strides[i]; }
        return new Tensor(data, s, st, offset);
    }

    public Tensor unsqueeze(int dim) {
        int d = Shape.dim("unsqueeze", dim, shape.length + 1);
        int[] s = new int[shape.length + 1];
        int[] st = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i == d) { s[i] = 1; st[i] = d < shape.length ? strides[d] * shape[d] : 1; }
            else { s[i] = shape[j]; st[i] = strides[j++]; }
        }
        return new Tensor(data, s, st, offset);
    }

    /** Broadcasts to a larger shape without copying (stride 0 along expanded dims). */
    public Tensor expand(int... newShape) {
        if (Arrays.equals(newShape, shape)) return this;
        if (newShape.length < shape.length) throw new IllegalArgumentException("expand: cannot expand shape " + Shape.format(shape) + " to " + Shape.format(newShape));
        int lead = newShape.length - shape.length;
        int[] st = new int[newShape.length];
        for (int i = 0; i < newShape.length; i++) {
            int old = i < lead ? 1 : shape[i - lead];
            if (old == newShape[i]) st[i] = i < lead ? 0 : strides[i - lead];
            else if (old == 1) st[i] = 0;
            else throw new IllegalArgumentException("expand: cannot expand shape " + Shape.format(shape) + " to " + Shape.format(newShape));
        }
        return new Tensor(data, newShape.clone(), st, offset);
    }

    // ---- element-wise ------------------------------------------------------------------------------

    public Tensor add(Tensor o) { return ElementWise.binary("add", Binary.ADD, this, o); }
    public Tensor sub(Tensor o) { return ElementWise.binary("sub", Binary.SUB, this, o); }
    public Tensor mul(Tensor o) { return ElementWise.binary("mul", Binary.MUL, this, o); }
    public Tensor div(Tensor o) { return ElementWise.binary("div", Binary.DIV, this, o); }
    public Tensor pow(Tensor o) { return ElementWise.binary("pow", Binary.POW, this, o); }
    public Tensor maximum(Tensor o) { return ElementWise.binary("maximum", Binary.MAXIMUM, this, o); }
    public Tensor minimum(Tensor o) { return ElementWise.binary("minimum", Binary.MINIMUM, this, o); }
    public Tensor add(float v) { return add(scalar(v)); }
    public Tensor sub(float v) { return sub(scalar(v)); }
    public Tensor mul(float v) { return mul(scalar(v)); }
    public Tensor div(float v) { return div(scalar(v)); }
    public Tensor pow(float p) { return pow(scalar(p)); }
    /** 1 where this &gt; o, else 0 (comparisons return 0/1 float tensors). */
    public Tensor gt(Tensor o) { return ElementWise.binary("gt", Binary.GT, this, o); }
    public Tensor ge(Tensor o) { return ElementWise.binary("ge", Binary.GE, this, o); }
    public Tensor lt(Tensor o) { return ElementWise.binary("lt", Binary.LT, this, o); }
    public Tensor le(Tensor o) { return ElementWise.binary("le", Binary.LE, this, o); }
    public Tensor eq(Tensor o) { return ElementWise.binary("eq", Binary.EQ, this, o); }
    public Tensor ne(Tensor o) { return ElementWise.binary("ne", Binary.NE, this, o); }
    public Tensor gt(float v) { return gt(scalar(v)); }
    public Tensor lt(float v) { return lt(scalar(v)); }

    public Tensor neg() { return ElementWise.unary(Unary.NEG, this); }
    public Tensor exp() { return ElementWise.unary(Unary.EXP, this); }
    public Tensor log() { return ElementWise.unary(Unary.LOG, this); }
    public Tensor sqrt() { return ElementWise.unary(Unary.SQRT, this); }
    public Tensor abs() { return ElementWise.unary(Unary.ABS, this); }
    public Tensor tanh() { return ElementWise.unary(Unary.TANH, this); }
    public Tensor sigmoid() { return ElementWise.unary(Unary.SIGMOID, this); }
    public Tensor relu() { return ElementWise.unary(Unary.RELU, this); }

    /**
     * ReLU's backward in one pass: this (the gradient) where {@code output} is positive, else 0 (also where the
     * output is NaN, as PyTorch's threshold_backward). Both tensors have the same shape.
     */
    public Tensor reluBackward(Tensor output) { return ElementWise.whereRefPositive(this, output); }

    /** Elements of a where cond is non-zero, else of b; all three broadcast together. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        int[] s = Shape.broadcast("where", Shape.broadcast("where", cond.shape, a.shape), b.shape);
        float[] c = cond.expand(s).toArray();
        float[] x = a.expand(s).toArray();
        float[] y = b.expand(s).toArray();
        for (int i = 0; i < c.length; i++) x[i] = c[i] != 0f ? x[i] : y[i];
        return wrap(x, s);
    }

    // ---- reductions (dims empty = all; keepDim keeps reduced dims with size 1) -----------------------

    public Tensor sum() { return Reductions.reduce("sum", Kind.SUM, this, false); }
    public Tensor sum(int dim, boolean keepDim) { return sum(new int[] {dim}, keepDim); }
    public Tensor sum(int[] dims, boolean keepDim) { return Reductions.reduce("sum", Kind.SUM, this, keepDim, dims); }
    public Tensor mean() { return sum().div(numel()); }
    public Tensor mean(int dim, boolean keepDim) { return mean(new int[] {dim}, keepDim); }
    public Tensor mean(int[] dims, boolean keepDim) { return sum(dims, keepDim).div(Reductions.count("mean", this, dims)); }
    public Tensor max() { return Reductions.reduce("max", Kind.MAX, this, false); }
    public Tensor max(int dim, boolean keepDim) { return Reductions.reduce("max", Kind.MAX, this, keepDim, dim); }
    public Tensor min() { return Reductions.reduce("min", Kind.MIN, this, false); }
    public Tensor min(int dim, boolean keepDim) { return Reductions.reduce("min", Kind.MIN, this, keepDim, dim); }
    /** Index of the first maximum along dim, as float values. */
    public Tensor argmax(int dim, boolean keepDim) { return Reductions.reduce("argmax", Kind.ARGMAX, this, keepDim, dim); }
    public Tensor argmin(int dim, boolean keepDim) { return Reductions.reduce("argmin", Kind.ARGMIN, this, keepDim, dim); }
    /** Variance along dims; correction 1 is the unbiased estimate (PyTorch's default), 0 the population one. */
    public Tensor var(int[] dims, int correction, boolean keepDim) { return Reductions.var("var", this, correction, keepDim, dims); }
    public Tensor var(int dim, boolean keepDim) { return var(new int[] {dim}, 1, keepDim); }

    /** Sums a broadcast result back down to {@code target} (the adjoint of broadcasting). */
    public Tensor sumTo(int... target) {
        if (Arrays.equals(shape, target)) return this;
        Shape.broadcast("sumTo", target, shape);
        int lead = shape.length - target.length;
        int[] dims = new int[shape.length];
        int n = 0;
        for (int i = 0; i < shape.length; i++) if (i < lead || (target[i - lead] == 1 && shape[i] != 1)) dims[n++] = i;
        if (n == 0) return reshape(target);
        return sum(Arrays.copyOf(dims, n), true).reshape(target);
    }

    // ---- products, joins, indexing ------------------------------------------------------------------

    /** Matrix product, 2-D or batched with broadcast batch dimensions (torch.matmul). */
    public Tensor matmul(Tensor o) { return MatMul.matmul(this, o); }

    public static Tensor concat(int dim, Tensor... parts) { return Joins.concat(dim, parts); }
    public static Tensor stack(int dim, Tensor... parts) { return Joins.stack(dim, parts); }
    /** out[…i…] = this[…index[…i…]…] along dim (torch.gather); index holds integer values. */
    public Tensor gather(int dim, Tensor index) { return Joins.gather(this, dim, index); }
    public static Tensor scatterAdd(int[] shape, int dim, Tensor index, Tensor src) { return Joins.scatterAdd(shape, dim, index, src); }
    public Tensor indexSelect(int dim, int... indices) { return Joins.indexSelect(this, dim, indices); }
    public static Tensor indexAdd(int[] shape, int dim, int[] indices, Tensor src) { return Joins.indexAdd(shape, dim, indices, src); }

    // ---- in place (for gradient accumulation and optimisers) ----------------------------------------

    public Tensor fill(float value) { return inPlace(Binary.ADD, scalar(value), true); }
    /** Copies src (broadcast to this shape) into this tensor or view. */
    public Tensor copyFrom(Tensor src) { return inPlace(Binary.ADD, src, true); }
    /** this += o (o broadcast to this shape). */
    public Tensor addInPlace(Tensor o) { return inPlace(Binary.ADD, o, false); }
    public Tensor mulInPlace(float v) { return inPlace(Binary.MUL, scalar(v), false); }
    /** this = max(this, 0) element by element, for a contiguous tensor that nothing else reads (inference). */
    public Tensor reluInPlace() {
        ElementWise.reluInPlace(this);
        return this;
    }

    private Tensor inPlace(Binary op, Tensor src, boolean overwrite) {
        String name = overwrite ? "copyFrom" : "addInPlace";
        if (!Arrays.equals(Shape.broadcast(name, shape, src.shape), shape)) {
            throw new IllegalArgumentException(name + ": shape " + Shape.format(src.shape) + " cannot be written into " + Shape.format(shape));
        }
        Tensor s = src.expand(shape);
        float[] y = s.data;
        StridedLoop.forEach(shape, strides, offset, s.strides, s.offset, (offA, strideA, offB, strideB, offOut, len) ->
                ElementWise.inPlace(op, overwrite, data, offA, strideA, y, offB, strideB, len));
        return this;
    }

    /** True if the shapes are equal and |a − b| ≤ atol + rtol·|b| everywhere. */
    public boolean allClose(Tensor other, float rtol, float atol) {
        if (!Arrays.equals(shape, other.shape)) return false;
        float[] a = toArray();
        float[] b = other.toArray();
        for (int i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) return false;
        return true;
    }

    @Override
    public String toString() { return TensorFormat.format(this); }
}

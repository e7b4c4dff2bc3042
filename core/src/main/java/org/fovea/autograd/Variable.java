package org.fovea.autograd;

import org.fovea.tensor.Tensor;

/**
 * A node of the computational graph: a {@link Tensor} value, and, when it requires a gradient, the op that
 * produced it (define-by-run, as PyTorch) and the gradient that {@link #backward()} accumulates into it.
 *
 * <p>Leaves are created by the user ({@link #param} for trainable values, {@link #of} for constants); every
 * op on variables returns a new variable that remembers its inputs and its backward step. Gradients
 * accumulate ({@code +=}) until {@link #zeroGrad()}. Under {@link GradMode#noGrad()} nothing is recorded.
 */
public final class Variable {
    private final Tensor data;
    private boolean requiresGrad;
    Node node;
    private Tensor grad;
    private boolean retainGrad;

    private Variable(Tensor data, boolean requiresGrad, Node node) {
        this.data = data;
        this.requiresGrad = requiresGrad;
        this.node = node;
    }

    /** A constant: no gradient flows into it. */
    public static Variable of(Tensor data) { return new Variable(data, false, null); }

    /** A leaf that requires a gradient (a parameter, or an input whose gradient you want). */
    public static Variable param(Tensor data) { return new Variable(data, true, null); }

    /**
     * Records a differentiable op: {@code out} is its forward result, {@code backward} maps dOut to one
     * gradient per input. This is how every op here is built, and how users add their own.
     */
    public static Variable op(String name, Tensor out, Backward backward, Variable... inputs) {
        boolean needed = false;
        for (Variable v : inputs) needed |= v.requiresGrad;
        if (!needed || !GradMode.isEnabled()) return new Variable(out, false, null);
        return new Variable(out, true, new Node(name, inputs, backward));
    }

    public Tensor data() { return data; }
    /** The accumulated gradient, or null before any backward reached this variable. */
    public Tensor grad() { return grad; }
    public boolean requiresGrad() { return requiresGrad; }
    public boolean isLeaf() { return node == null; }
    public int[] shape() { return data.shape(); }
    public int size(int dim) { return data.size(dim); }
    public int dim() { return data.dim(); }
    public int numel() { return data.numel(); }
    public float item() { return data.item(); }

    /** The same value, cut from the graph. */
    public Variable detach() { return of(data); }

    /** Turns gradient tracking of a leaf on or off (freezing a parameter); returns this. */
    public Variable requiresGrad(boolean on) {
        if (node != null) throw new IllegalStateException("requiresGrad: only leaves can be frozen or unfrozen; this is the output of '" + node.op + "'");
        requiresGrad = on;
        return this;
    }

    /** Forgets the accumulated gradient. */
    public void zeroGrad() { grad = null; }

    /** Keep the gradient of this intermediate result too (leaves always keep theirs). */
    public Variable retainGrad() {
        retainGrad = true;
        return this;
    }

    boolean retainsGrad() { return retainGrad; }

    /** Adds g to the accumulated gradient (what backward does for a leaf); g is copied, not kept. */
    public void accumulateGrad(Tensor g) {
        if (grad == null) grad = g.copy();
        else grad.addInPlace(g);
    }

    /** Backpropagates from this one-element output (dOut = 1). */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalArgumentException("backward: output of shape " + java.util.Arrays.toString(shape())
                    + " is not a scalar; pass the upstream gradient explicitly");
        }
        backward(Tensor.ones(shape()));
    }

    /** Backpropagates with the given upstream gradient, of this variable's shape. */
    public void backward(Tensor dOut) { Engine.backward(this, dOut); }

    /**
     * The gradients of this output (upstream gradient dOut) with respect to each of wrt, as torch.autograd.grad:
     * the graph is walked once and released, and no variable's accumulated {@link #grad()} changes. An entry is
     * null where this output does not depend on that variable.
     */
    public Tensor[] gradients(Tensor dOut, java.util.List<Variable> wrt) {
        if (!java.util.Arrays.equals(shape(), dOut.shape())) {
            throw new IllegalArgumentException("gradients: upstream gradient of shape " + java.util.Arrays.toString(dOut.shape())
                    + " for an output of shape " + java.util.Arrays.toString(shape()));
        }
        return Engine.gradients(this, dOut, wrt);
    }

    // ---- element-wise (PointwiseOps) ----------------------------------------------------------------
    public Variable add(Variable o) { return PointwiseOps.add(this, o); }
    public Variable sub(Variable o) { return PointwiseOps.sub(this, o); }
    public Variable mul(Variable o) { return PointwiseOps.mul(this, o); }
    public Variable div(Variable o) { return PointwiseOps.div(this, o); }
    public Variable add(float c) { return PointwiseOps.addScalar(this, c); }
    public Variable sub(float c) { return PointwiseOps.addScalar(this, -c); }
    public Variable mul(float c) { return PointwiseOps.mulScalar(this, c); }
    public Variable div(float c) { return PointwiseOps.mulScalar(this, 1f / c); }
    public Variable neg() { return PointwiseOps.mulScalar(this, -1f); }
    public Variable pow(float p) { return PointwiseOps.pow(this, p); }
    public Variable exp() { return PointwiseOps.exp(this); }
    public Variable log() { return PointwiseOps.log(this); }
    public Variable sqrt() { return PointwiseOps.sqrt(this); }
    public Variable abs() { return PointwiseOps.abs(this); }
    public Variable tanh() { return PointwiseOps.tanh(this); }
    public Variable sigmoid() { return PointwiseOps.sigmoid(this); }
    public Variable relu() { return PointwiseOps.relu(this); }
    public Variable maximum(Variable o) { return PointwiseOps.maximum(this, o); }
    public Variable minimum(Variable o) { return PointwiseOps.minimum(this, o); }
    /** Elements of a where cond is non-zero, else of b (cond is data, not differentiated). */
    public static Variable where(Tensor cond, Variable a, Variable b) { return PointwiseOps.where(cond, a, b); }

    // ---- reductions (ReduceOps) ---------------------------------------------------------------------
    public Variable sum() { return ReduceOps.sum(this, new int[0], false); }
    public Variable sum(int dim, boolean keepDim) { return ReduceOps.sum(this, new int[] {dim}, keepDim); }
    public Variable sum(int[] dims, boolean keepDim) { return ReduceOps.sum(this, dims, keepDim); }
    public Variable mean() { return ReduceOps.mean(this, new int[0], false); }
    public Variable mean(int dim, boolean keepDim) { return ReduceOps.mean(this, new int[] {dim}, keepDim); }
    public Variable mean(int[] dims, boolean keepDim) { return ReduceOps.mean(this, dims, keepDim); }
    public Variable max(int dim, boolean keepDim) { return ReduceOps.extreme(this, dim, keepDim, true); }
    public Variable min(int dim, boolean keepDim) { return ReduceOps.extreme(this, dim, keepDim, false); }
    public Variable max() { return reshape(-1).max(0, false); }
    public Variable min() { return reshape(-1).min(0, false); }
    public Variable var(int[] dims, int correction, boolean keepDim) { return ReduceOps.var(this, dims, correction, keepDim); }
    /** Stable log Σ exp along dim (max subtracted first). */
    public Variable logSumExp(int dim, boolean keepDim) { return ReduceOps.logSumExp(this, dim, keepDim); }
    public Variable softmax(int dim) { return sub(logSumExp(dim, true)).exp(); }
    public Variable logSoftmax(int dim) { return sub(logSumExp(dim, true)); }

    // ---- shapes, joins and indexing (ShapeOps) ------------------------------------------------------
    public Variable reshape(int... shape) { return ShapeOps.reshape(this, shape); }
    public Variable flatten(int startDim) { return ShapeOps.flatten(this, startDim); }
    public Variable permute(int... order) { return ShapeOps.permute(this, order); }
    public Variable transpose(int dim0, int dim1) { return ShapeOps.transpose(this, dim0, dim1); }
    public Variable narrow(int dim, int start, int length) { return ShapeOps.narrow(this, dim, start, length); }
    public Variable squeeze(int dim) { return ShapeOps.reshape(this, data.squeeze(dim).shape()); }
    public Variable unsqueeze(int dim) { return ShapeOps.reshape(this, data.unsqueeze(dim).shape()); }
    public Variable expand(int... shape) { return ShapeOps.expand(this, shape); }
    public static Variable concat(int dim, Variable... parts) { return ShapeOps.concat(dim, parts); }
    public static Variable stack(int dim, Variable... parts) { return ShapeOps.stack(dim, parts); }
    public Variable gather(int dim, Tensor index) { return ShapeOps.gather(this, dim, index); }
    public Variable indexSelect(int dim, int... indices) { return ShapeOps.indexSelect(this, dim, indices); }

    // ---- products (LinalgOps) -----------------------------------------------------------------------
    public Variable matmul(Variable o) { return LinalgOps.matmul(this, o); }

    @Override
    public String toString() {
        String s = data.toString();
        if (node != null) return s.substring(0, s.length() - 1) + ", gradFn=" + node.op + ")";
        return requiresGrad ? s.substring(0, s.length() - 1) + ", requiresGrad=true)" : s;
    }
}

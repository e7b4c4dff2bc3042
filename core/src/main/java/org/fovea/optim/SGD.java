package org.fovea.optim;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Stochastic gradient descent, optionally with momentum or Nesterov momentum (CS231n lecture 7 / notes
 * "Parameter updates"). With dx = grad + weightDecay·x:
 * <pre>
 *   vanilla:   x −= lr·dx
 *   momentum:  v = μ·v − lr·dx;  x += v                                       (Formulation.CS231N, default)
 *   Nesterov:  v_prev = v;  v = μ·v − lr·dx;  x += −μ·v_prev + (1 + μ)·v        (CS231n notes)
 * </pre>
 * PyTorch writes momentum as b = μ·b + dx; x −= lr·b (and Nesterov as x −= lr·(dx + μ·b)). With a constant
 * learning rate the two are the same sequence (v = −lr·b); when the learning rate changes they differ: in the
 * CS231n form a new lr only scales new gradients, in PyTorch's it also rescales the accumulated velocity.
 * {@link Formulation#PYTORCH} reproduces {@code torch.optim.SGD} exactly.
 *
 * <p>Dampening d scales the gradient entering the buffer by (1 − d) from the second step on (the first step
 * stores the undampened gradient, as PyTorch does). {@code weightDecay} is L2 regularisation: it adds
 * weightDecay·x to the gradient, the same as adding (weightDecay / 2)·‖x‖² to the loss; it is not decoupled.
 * State per parameter: {@code "velocity"} (CS231n form) or {@code "momentum_buffer"} (PyTorch form).
 */
public final class SGD extends Optimizer {
    /** How momentum is written: the lecture's velocity in parameter units, or PyTorch's gradient buffer. */
    public enum Formulation { CS231N, PYTORCH }

    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private final Formulation formulation;

    /** Vanilla SGD: x −= lr·dx. */
    public SGD(List<Variable> params, double lr) { this(params, lr, 0, 0, 0, false, Formulation.CS231N); }

    /** SGD with momentum (0 for none), L2 weight decay and optionally Nesterov momentum, CS231n form. */
    public SGD(List<Variable> params, double lr, double momentum, double weightDecay, boolean nesterov) {
        this(params, lr, momentum, 0, weightDecay, nesterov, Formulation.CS231N);
    }

    public SGD(List<Variable> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
            Formulation formulation) {
        super("SGD", params, lr);
        this.momentum = checkUnitInterval("momentum", momentum);
        this.dampening = checkUnitInterval("dampening", dampening);
        this.weightDecay = checkAtLeast("weightDecay", weightDecay, 0);
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: nesterov needs momentum in (0, 1) and dampening 0, got momentum "
                    + momentum + " and dampening " + dampening);
        }
        this.nesterov = nesterov;
        if (formulation == null) throw new IllegalArgumentException("SGD: formulation must be CS231N or PYTORCH, got null");
        this.formulation = formulation;
    }

    public double momentum() { return momentum; }
    public double weightDecay() { return weightDecay; }
    public boolean nesterov() { return nesterov; }
    public Formulation formulation() { return formulation; }

    @Override
    protected void update(int index, Tensor param, Tensor grad) {
        float[] x = param.data();
        float[] g = grad.data();
        int xo = param.offset();
        int go = grad.offset();
        int n = param.numel();
        float lr = (float) lr();
        float wd = (float) weightDecay;
        if (momentum == 0) {
            plain(x, xo, g, go, n, lr, wd);
            return;
        }
        float mu = (float) momentum;
        boolean first = state(index, formulation == Formulation.CS231N ? "velocity" : "momentum_buffer") == null;
        float keep = first ? 1f : (float) (1 - dampening);
        if (formulation == Formulation.CS231N) {
            Tensor v = stateOrZeros(index, "velocity", param.shape());
            // Plain momentum is x += 0·v_prev + 1·v, so one loop serves both.
            cs231n(x, xo, g, go, v.data(), n, lr * keep, wd, mu, nesterov ? -mu : 0f, nesterov ? 1 + mu : 1f);
        } else {
            Tensor b = stateOrZeros(index, "momentum_buffer", param.shape());
            pytorch(x, xo, g, go, b.data(), n, lr, keep, wd, mu, nesterov ? 1f : 0f, nesterov ? mu : 1f);
        }
    }

    // ---- kernels: Vector API loop with a scalar tail, and the scalar twin used as the test oracle -------

    /** x −= lr·(g + wd·x). */
    static void plain(float[] x, int xo, float[] g, int go, int n, float lr, float wd) {
        FloatVector vLr = FloatVector.broadcast(S, lr);
        FloatVector vWd = FloatVector.broadcast(S, wd);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + i);
            FloatVector d = FloatVector.fromArray(S, g, go + i).add(vWd.mul(xv));
            xv.sub(vLr.mul(d)).intoArray(x, xo + i);
        }
        for (; i < n; i++) x[xo + i] -= lr * (g[go + i] + wd * x[xo + i]);
    }

    static void plainScalar(float[] x, int xo, float[] g, int go, int n, float lr, float wd) {
        for (int i = 0; i < n; i++) x[xo + i] -= lr * (g[go + i] + wd * x[xo + i]);
    }

    /** d = g + wd·x; v' = μ·v − step·d; x += a·v + b·v' (a = 0, b = 1 for momentum; −μ, 1 + μ for Nesterov). */
    static void cs231n(float[] x, int xo, float[] g, int go, float[] v, int n, float step, float wd, float mu, float a, float b) {
        FloatVector vStep = FloatVector.broadcast(S, step);
        FloatVector vWd = FloatVector.broadcast(S, wd);
        FloatVector vMu = FloatVector.broadcast(S, mu);
        FloatVector vA = FloatVector.broadcast(S, a);
        FloatVector vB = FloatVector.broadcast(S, b);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + i);
            FloatVector d = FloatVector.fromArray(S, g, go + i).add(vWd.mul(xv));
            FloatVector prev = FloatVector.fromArray(S, v, i);
            FloatVector next = vMu.mul(prev).sub(vStep.mul(d));
            next.intoArray(v, i);
            xv.add(vA.mul(prev).add(vB.mul(next))).intoArray(x, xo + i);
        }
        for (; i < n; i++) cs231nOne(x, xo + i, g[go + i], v, i, step, wd, mu, a, b);
    }

    static void cs231nScalar(float[] x, int xo, float[] g, int go, float[] v, int n, float step, float wd, float mu, float a, float b) {
        for (int i = 0; i < n; i++) cs231nOne(x, xo + i, g[go + i], v, i, step, wd, mu, a, b);
    }

    private static void cs231nOne(float[] x, int xi, float grad, float[] v, int i, float step, float wd, float mu, float a, float b) {
        float d = grad + wd * x[xi];
        float prev = v[i];
        float next = mu * prev - step * d;
        v[i] = next;
        x[xi] = x[xi] + (a * prev + b * next);
    }

    /** d = g + wd·x; buf = μ·buf + keep·d; x −= lr·(c·d + k·buf) (c = 0, k = 1 for momentum; 1, μ for Nesterov). */
    static void pytorch(float[] x, int xo, float[] g, int go, float[] buf, int n, float lr, float keep, float wd, float mu, float c, float k) {
        FloatVector vLr = FloatVector.broadcast(S, lr);
        FloatVector vKeep = FloatVector.broadcast(S, keep);
        FloatVector vWd = FloatVector.broadcast(S, wd);
        FloatVector vMu = FloatVector.broadcast(S, mu);
        FloatVector vC = FloatVector.broadcast(S, c);
        FloatVector vK = FloatVector.broadcast(S, k);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + i);
            FloatVector d = FloatVector.fromArray(S, g, go + i).add(vWd.mul(xv));
            FloatVector bv = vMu.mul(FloatVector.fromArray(S, buf, i)).add(vKeep.mul(d));
            bv.intoArray(buf, i);
            xv.sub(vLr.mul(vC.mul(d).add(vK.mul(bv)))).intoArray(x, xo + i);
        }
        for (; i < n; i++) pytorchOne(x, xo + i, g[go + i], buf, i, lr, keep, wd, mu, c, k);
    }

    static void pytorchScalar(float[] x, int xo, float[] g, int go, float[] buf, int n, float lr, float keep, float wd, float mu, float c, float k) {
        for (int i = 0; i < n; i++) pytorchOne(x, xo + i, g[go + i], buf, i, lr, keep, wd, mu, c, k);
    }

    private static void pytorchOne(float[] x, int xi, float grad, float[] buf, int i, float lr, float keep, float wd, float mu, float c, float k) {
        float d = grad + wd * x[xi];
        float bv = mu * buf[i] + keep * d;
        buf[i] = bv;
        x[xi] = x[xi] - lr * (c * d + k * bv);
    }
}

package org.fovea.optim;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * AdaGrad (Duchi, Hazan &amp; Singer 2011), as written in CS231n lecture 7 / notes "Per-parameter adaptive
 * learning rate methods". With dx = grad + weightDecay·x:
 * <pre>
 *   cache += dx²
 *   x −= lr · dx / (√cache + ε)          ε = 1e-7 by default, as in the lecture
 * </pre>
 * Matches {@code torch.optim.Adagrad} with {@code lr_decay=0}, {@code initial_accumulator_value=0} and the
 * same eps (PyTorch's default eps is 1e-10; ε is added outside the square root in both). {@code weightDecay}
 * is L2 regularisation added to the gradient (not decoupled). State per parameter: {@code "sum"} (the cache).
 */
public final class AdaGrad extends Optimizer {
    private final double eps;
    private final double weightDecay;

    /** AdaGrad with ε = 1e-7 and no weight decay. */
    public AdaGrad(List<Variable> params, double lr) { this(params, lr, 1e-7, 0); }

    public AdaGrad(List<Variable> params, double lr, double eps, double weightDecay) {
        super("AdaGrad", params, lr);
        this.eps = checkPositive("eps", eps);
        this.weightDecay = checkAtLeast("weightDecay", weightDecay, 0);
    }

    public double eps() { return eps; }
    public double weightDecay() { return weightDecay; }

    @Override
    protected void update(int index, Tensor param, Tensor grad) {
        Tensor cache = stateOrZeros(index, "sum", param.shape());
        adagrad(param.data(), param.offset(), grad.data(), grad.offset(), cache.data(), param.numel(),
                (float) lr(), (float) eps, (float) weightDecay);
    }

    /** d = g + wd·x; c += d²; x −= lr·d / (√c + ε). */
    static void adagrad(float[] x, int xo, float[] g, int go, float[] c, int n, float lr, float eps, float wd) {
        FloatVector vLr = FloatVector.broadcast(S, lr);
        FloatVector vEps = FloatVector.broadcast(S, eps);
        FloatVector vWd = FloatVector.broadcast(S, wd);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + i);
            FloatVector d = FloatVector.fromArray(S, g, go + i).add(vWd.mul(xv));
            FloatVector cv = FloatVector.fromArray(S, c, i).add(d.mul(d));
            cv.intoArray(c, i);
            xv.sub(vLr.mul(d).div(cv.sqrt().add(vEps))).intoArray(x, xo + i);
        }
        for (; i < n; i++) adagradOne(x, xo + i, g[go + i], c, i, lr, eps, wd);
    }

    static void adagradScalar(float[] x, int xo, float[] g, int go, float[] c, int n, float lr, float eps, float wd) {
        for (int i = 0; i < n; i++) adagradOne(x, xo + i, g[go + i], c, i, lr, eps, wd);
    }

    private static void adagradOne(float[] x, int xi, float grad, float[] c, int i, float lr, float eps, float wd) {
        float d = grad + wd * x[xi];
        float cv = c[i] + d * d;
        c[i] = cv;
        x[xi] = x[xi] - lr * d / ((float) Math.sqrt(cv) + eps);
    }
}

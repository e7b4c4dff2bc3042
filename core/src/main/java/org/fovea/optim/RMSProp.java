package org.fovea.optim;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * RMSProp (Tieleman &amp; Hinton 2012, Coursera lecture 6e), as written in CS231n lecture 7 / notes. With
 * dx = grad + weightDecay·x:
 * <pre>
 *   cache = decay·cache + (1 − decay)·dx²
 *   x −= lr · dx / (√cache + ε)          decay = 0.99, ε = 1e-7 by default, as in the lecture
 * </pre>
 * Matches {@code torch.optim.RMSprop} with {@code alpha = decay}, the same eps (PyTorch's default is 1e-8,
 * added outside the square root as here), {@code momentum=0} and {@code centered=False}.
 * {@code weightDecay} is L2 regularisation added to the gradient (not decoupled).
 * State per parameter: {@code "square_avg"} (the cache).
 */
public final class RMSProp extends Optimizer {
    private final double decay;
    private final double eps;
    private final double weightDecay;

    /** RMSProp with decay 0.99, ε = 1e-7 and no weight decay. */
    public RMSProp(List<Variable> params, double lr) { this(params, lr, 0.99, 1e-7, 0); }

    public RMSProp(List<Variable> params, double lr, double decay, double eps, double weightDecay) {
        super("RMSProp", params, lr);
        this.decay = checkUnitInterval("decay", decay);
        this.eps = checkPositive("eps", eps);
        this.weightDecay = checkAtLeast("weightDecay", weightDecay, 0);
    }

    public double decay() { return decay; }
    public double eps() { return eps; }
    public double weightDecay() { return weightDecay; }

    @Override
    protected void update(int index, Tensor param, Tensor grad) {
        Tensor cache = stateOrZeros(index, "square_avg", param.shape());
        rmsprop(param.data(), param.offset(), grad.data(), grad.offset(), cache.data(), param.numel(),
                (float) lr(), (float) decay, (float) (1 - decay), (float) eps, (float) weightDecay);
    }

    /** d = g + wd·x; c = ρ·c + (1 − ρ)·d²; x −= lr·d / (√c + ε). */
    static void rmsprop(float[] x, int xo, float[] g, int go, float[] c, int n, float lr, float rho, float oneMinusRho,
            float eps, float wd) {
        FloatVector vLr = FloatVector.broadcast(S, lr);
        FloatVector vRho = FloatVector.broadcast(S, rho);
        FloatVector vOne = FloatVector.broadcast(S, oneMinusRho);
        FloatVector vEps = FloatVector.broadcast(S, eps);
        FloatVector vWd = FloatVector.broadcast(S, wd);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + i);
            FloatVector d = FloatVector.fromArray(S, g, go + i).add(vWd.mul(xv));
            FloatVector cv = vRho.mul(FloatVector.fromArray(S, c, i)).add(vOne.mul(d.mul(d)));
            cv.intoArray(c, i);
            xv.sub(vLr.mul(d).div(cv.sqrt().add(vEps))).intoArray(x, xo + i);
        }
        for (; i < n; i++) rmspropOne(x, xo + i, g[go + i], c, i, lr, rho, oneMinusRho, eps, wd);
    }

    static void rmspropScalar(float[] x, int xo, float[] g, int go, float[] c, int n, float lr, float rho, float oneMinusRho,
            float eps, float wd) {
        for (int i = 0; i < n; i++) rmspropOne(x, xo + i, g[go + i], c, i, lr, rho, oneMinusRho, eps, wd);
    }

    private static void rmspropOne(float[] x, int xi, float grad, float[] c, int i, float lr, float rho, float oneMinusRho,
            float eps, float wd) {
        float d = grad + wd * x[xi];
        float cv = rho * c[i] + oneMinusRho * (d * d);
        c[i] = cv;
        x[xi] = x[xi] - lr * d / ((float) Math.sqrt(cv) + eps);
    }
}

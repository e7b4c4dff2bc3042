package org.fovea.optim;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Adam (Kingma &amp; Ba 2015, Alg. 1), with bias correction, as in CS231n lecture 7 / notes. With
 * dx = grad + weightDecay·x and t the parameter's step count:
 * <pre>
 *   m = β1·m + (1 − β1)·dx                 v = β2·v + (1 − β2)·dx²
 *   m̂ = m / (1 − β1ᵗ)                      v̂ = v / (1 − β2ᵗ)
 *   x −= lr · m̂ / (√v̂ + ε)                 β1 = 0.9, β2 = 0.999, ε = 1e-8 by default
 * </pre>
 * Matches {@code torch.optim.Adam} (amsgrad off). {@code weightDecay} here is L2 regularisation added to
 * the gradient, so it is divided by √v̂ like the rest of the gradient; for decoupled weight decay use
 * {@link AdamW}. State per parameter: {@code "step"}, {@code "exp_avg"} (m), {@code "exp_avg_sq"} (v).
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;

    /** Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8 and no weight decay. */
    public Adam(List<Variable> params, double lr) { this(params, lr, 0.9, 0.999, 1e-8, 0); }

    public Adam(List<Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this("Adam", params, lr, beta1, beta2, eps, weightDecay, false);
    }

    Adam(String name, List<Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean decoupled) {
        super(name, params, lr);
        this.beta1 = checkUnitInterval("beta1", beta1);
        this.beta2 = checkUnitInterval("beta2", beta2);
        this.eps = checkPositive("eps", eps);
        this.weightDecay = checkAtLeast("weightDecay", weightDecay, 0);
        this.decoupled = decoupled;
    }

    public double beta1() { return beta1; }
    public double beta2() { return beta2; }
    public double eps() { return eps; }
    public double weightDecay() { return weightDecay; }

    @Override
    protected final void update(int index, Tensor param, Tensor grad) {
        int t = incrementStep(index);
        Tensor m = stateOrZeros(index, "exp_avg", param.shape());
        Tensor v = stateOrZeros(index, "exp_avg_sq", param.shape());
        double lr = lr();
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        float shrink = decoupled ? (float) (1 - lr * weightDecay) : 1f;
        float l2 = decoupled ? 0f : (float) weightDecay;
        adam(param.data(), param.offset(), grad.data(), grad.offset(), m.data(), v.data(), param.numel(),
                new Coefficients((float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) stepSize,
                        (float) bc2Sqrt, (float) eps, l2, shrink));
    }

    /** The scalars of one Adam step: decay rates and their complements, lr / (1 − β1ᵗ), √(1 − β2ᵗ), ε, L2, shrink. */
    record Coefficients(float b1, float oneMinusB1, float b2, float oneMinusB2, float stepSize, float bc2Sqrt, float eps,
            float l2, float shrink) {}

    /** x = shrink·x; d = g + l2·x; m = β1·m + (1−β1)·d; v = β2·v + (1−β2)·d²; x −= stepSize·m / (√v / √bc2 + ε). */
    static void adam(float[] x, int xo, float[] g, int go, float[] m, float[] v, int n, Coefficients k) {
        FloatVector b1 = FloatVector.broadcast(S, k.b1());
        FloatVector c1 = FloatVector.broadcast(S, k.oneMinusB1());
        FloatVector b2 = FloatVector.broadcast(S, k.b2());
        FloatVector c2 = FloatVector.broadcast(S, k.oneMinusB2());
        FloatVector step = FloatVector.broadcast(S, k.stepSize());
        FloatVector bc2 = FloatVector.broadcast(S, k.bc2Sqrt());
        FloatVector eps = FloatVector.broadcast(S, k.eps());
        FloatVector l2 = FloatVector.broadcast(S, k.l2());
        FloatVector shrink = FloatVector.broadcast(S, k.shrink());
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + i).mul(shrink);
            FloatVector d = FloatVector.fromArray(S, g, go + i).add(l2.mul(xv));
            FloatVector mv = b1.mul(FloatVector.fromArray(S, m, i)).add(c1.mul(d));
            FloatVector vv = b2.mul(FloatVector.fromArray(S, v, i)).add(c2.mul(d.mul(d)));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            xv.sub(step.mul(mv).div(vv.sqrt().div(bc2).add(eps))).intoArray(x, xo + i);
        }
        for (; i < n; i++) adamOne(x, xo + i, g[go + i], m, v, i, k);
    }

    static void adamScalar(float[] x, int xo, float[] g, int go, float[] m, float[] v, int n, Coefficients k) {
        for (int i = 0; i < n; i++) adamOne(x, xo + i, g[go + i], m, v, i, k);
    }

    private static void adamOne(float[] x, int xi, float grad, float[] m, float[] v, int i, Coefficients k) {
        float xv = x[xi] * k.shrink();
        float d = grad + k.l2() * xv;
        float mv = k.b1() * m[i] + k.oneMinusB1() * d;
        float vv = k.b2() * v[i] + k.oneMinusB2() * (d * d);
        m[i] = mv;
        v[i] = vv;
        x[xi] = xv - k.stepSize() * mv / ((float) Math.sqrt(vv) / k.bc2Sqrt() + k.eps());
    }
}

package org.fovea.autograd;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.fovea.tensor.Tensor;

/**
 * Numeric gradient checking: analytic gradients from {@link Variable#backward} against central
 * differences (f(x + h) − f(x − h)) / 2h, in the manner of DL4J's GradientCheckUtil and CS231n's notes.
 *
 * <p>A non-scalar output y is reduced to the scalar L = Σ y ⊙ R with a fixed random R, so every output
 * element is checked. L is accumulated in double. The step actually taken is re-measured after rounding
 * the perturbed input to float32, which removes most of float32's representation error. The error of one
 * element is |a − n| / max(|a| + |n|, floor): relative for large gradients, absolute below the floor.
 * Inputs with more than {@code maxPerInput} elements are sampled. Ops with kinks (relu, abs, max) must be
 * checked on inputs that stay more than h away from them; {@link GradCheckSuite} does so.
 */
public final class GradCheck {
    /** How one check is run. */
    public record Options(double eps, double threshold, double floor, int maxPerInput, long seed) {
        public Options {
            if (!(eps > 0) || !(threshold > 0) || !(floor > 0) || maxPerInput < 1) {
                throw new IllegalArgumentException("GradCheck.Options: eps, threshold and floor must be > 0 and maxPerInput >= 1");
            }
        }

        /** eps 1e-2, threshold 1e-3, floor 1e-2: suited to smooth float32 ops with O(1) inputs. */
        public static Options defaults() { return new Options(1e-2, 1e-3, 1e-2, 256, 42); }

        public Options withEps(double e) { return new Options(e, threshold, floor, maxPerInput, seed); }
        public Options withThreshold(double t) { return new Options(eps, t, floor, maxPerInput, seed); }
    }

    /** The outcome: the worst error seen and where. */
    public record Result(String name, double maxError, double threshold, int checked, String worst) {
        public boolean passed() { return maxError <= threshold; }
    }

    private GradCheck() {}

    public static Result check(String name, Function<Variable[], Variable> f, Tensor[] inputs, Options o) {
        Tensor[] x = new Tensor[inputs.length];
        Variable[] params = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            x[i] = inputs[i].copy();
            params[i] = Variable.param(x[i]);
        }
        Variable y = f.apply(params);
        SplittableRandom rng = new SplittableRandom(o.seed());
        float[] r = new float[y.numel()];
        for (int i = 0; i < r.length; i++) r[i] = (float) rng.nextDouble(-1, 1);
        Tensor upstream = Tensor.wrap(r, y.shape());
        y.backward(upstream);

        double maxError = 0;
        int checked = 0;
        String worst = "no element checked";
        for (int i = 0; i < x.length; i++) {
            float[] analytic = params[i].grad() == null ? new float[x[i].numel()] : params[i].grad().toArray();
            float[] d = x[i].data();
            int[] positions = positions(x[i].numel(), o.maxPerInput(), rng);
            for (int j : positions) {
                float saved = d[j];
                float up = (float) (saved + o.eps());
                float down = (float) (saved - o.eps());
                d[j] = up;
                double lossUp = loss(f, x, r);
                d[j] = down;
                double lossDown = loss(f, x, r);
                d[j] = saved;
                double numeric = (lossUp - lossDown) / ((double) up - (double) down);
                double a = analytic[j];
                double err = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), o.floor());
                if (Double.isNaN(err)) err = Double.POSITIVE_INFINITY;
                checked++;
                if (err > maxError || checked == 1) {
                    maxError = Math.max(err, maxError);
                    worst = "input " + i + " element " + j + ": analytic " + a + ", numeric " + numeric;
                }
            }
        }
        return new Result(name, maxError, o.threshold(), checked, worst);
    }

    private static double loss(Function<Variable[], Variable> f, Tensor[] x, float[] r) {
        Variable[] constants = new Variable[x.length];
        for (int i = 0; i < x.length; i++) constants[i] = Variable.of(x[i]);
        float[] y;
        try (var scope = GradMode.noGrad()) {
            y = f.apply(constants).data().toArray();
        }
        double sum = 0;
        for (int i = 0; i < y.length; i++) sum += (double) y[i] * r[i];
        return sum;
    }

    private static int[] positions(int n, int max, SplittableRandom rng) {
        if (n <= max) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        return rng.ints(0, n).distinct().limit(max).sorted().toArray();
    }
}

package org.fovea.autograd;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.fovea.tensor.Tensor;

/**
 * Every differentiable op of the autograd package as a gradient-check case, each with the inputs it is
 * checked on and its step and threshold. Default: eps = 1e-2, threshold 1e-3 (floor 1e-2), see
 * {@link GradCheck.Options#defaults()}. Ops with kinks get inputs kept at least 0.1 away from the kink, so
 * the ±eps step never crosses it. Used by the tests and by {@code fovea gradcheck}.
 */
public final class GradCheckSuite {
    /** One op to check: {@code inputs} makes its inputs from a seeded generator. */
    public record Case(String name, Function<SplittableRandom, Tensor[]> inputs,
                       Function<Variable[], Variable> f, GradCheck.Options options) {
        public GradCheck.Result run() {
            return GradCheck.check(name, f, inputs.apply(new SplittableRandom(options.seed())), options);
        }
    }

    private GradCheckSuite() {}

    private static final GradCheck.Options DEFAULT = GradCheck.Options.defaults();

    private static Case c(String name, Function<SplittableRandom, Tensor[]> in, Function<Variable[], Variable> f) {
        return new Case(name, in, f, DEFAULT);
    }

    public static List<Case> cases() {
        return List.of(
                c("add", r -> t(normal(r, 3, 4), normal(r, 3, 4)), v -> v[0].add(v[1])),
                c("add_broadcast_row", r -> t(normal(r, 3, 4), normal(r, 4)), v -> v[0].add(v[1])),
                c("add_broadcast_outer", r -> t(normal(r, 3, 1), normal(r, 1, 4)), v -> v[0].add(v[1])),
                c("sub", r -> t(normal(r, 2, 3), normal(r, 3)), v -> v[0].sub(v[1])),
                c("mul", r -> t(normal(r, 3, 4), normal(r, 3, 4)), v -> v[0].mul(v[1])),
                c("mul_broadcast", r -> t(normal(r, 2, 3, 4), normal(r, 3, 1)), v -> v[0].mul(v[1])),
                c("div", r -> t(normal(r, 3, 4), positive(r, 4)), v -> v[0].div(v[1])),
                c("scalar_ops", r -> t(normal(r, 5)), v -> v[0].mul(3f).add(1f).div(2f).sub(0.5f)),
                c("neg", r -> t(normal(r, 2, 3)), v -> v[0].neg()),
                c("pow", r -> t(positive(r, 2, 3)), v -> v[0].pow(2.5f)),
                c("exp", r -> t(normal(r, 2, 3)), v -> v[0].exp()),
                c("log", r -> t(positive(r, 2, 3)), v -> v[0].log()),
                c("sqrt", r -> t(positive(r, 2, 3)), v -> v[0].sqrt()),
                c("abs", r -> t(awayFromZero(r, 2, 3)), v -> v[0].abs()),
                c("tanh", r -> t(normal(r, 2, 3)), v -> v[0].tanh()),
                c("sigmoid", r -> t(normal(r, 2, 3)), v -> v[0].sigmoid()),
                c("relu", r -> t(awayFromZero(r, 3, 4)), v -> v[0].relu()),
                c("maximum", r -> apart(r, 3, 4), v -> v[0].maximum(v[1])),
                c("minimum", r -> apart(r, 3, 4), v -> v[0].minimum(v[1])),
                c("where", r -> t(normal(r, 3, 4), normal(r, 4)),
                        v -> Variable.where(Tensor.of(new float[] {1, 0, 0, 1}, 4), v[0], v[1])),
                c("sum", r -> t(normal(r, 3, 4)), v -> v[0].sum()),
                c("sum_dim", r -> t(normal(r, 2, 3, 4)), v -> v[0].sum(1, false)),
                c("mean_dims", r -> t(normal(r, 2, 3, 4)), v -> v[0].mean(new int[] {0, 2}, true)),
                c("max_dim", r -> t(distinct(r, 3, 5)), v -> v[0].max(1, false)),
                c("min_dim", r -> t(distinct(r, 3, 5)), v -> v[0].min(0, true)),
                c("max_all", r -> t(distinct(r, 3, 4)), v -> v[0].max()),
                c("var", r -> t(normal(r, 3, 5)), v -> v[0].var(new int[] {1}, 1, false)),
                c("logsumexp", r -> t(normal(r, 3, 5)), v -> v[0].logSumExp(1, false)),
                c("softmax", r -> t(normal(r, 3, 5)), v -> v[0].softmax(1)),
                c("log_softmax", r -> t(normal(r, 3, 5)), v -> v[0].logSoftmax(1)),
                c("matmul", r -> t(normal(r, 3, 4), normal(r, 4, 5)), v -> v[0].matmul(v[1])),
                c("matmul_batched", r -> t(normal(r, 2, 3, 4), normal(r, 4, 5)), v -> v[0].matmul(v[1])),
                c("matmul_transposed_view", r -> t(normal(r, 4, 3), normal(r, 5, 4)),
                        v -> v[0].transpose(0, 1).matmul(v[1].transpose(0, 1))),
                c("matmul_vector", r -> t(normal(r, 3, 4), normal(r, 4)), v -> v[0].matmul(v[1])),
                c("reshape", r -> t(normal(r, 2, 6)), v -> v[0].reshape(3, -1).mul(v[0].reshape(3, 4))),
                c("permute", r -> t(normal(r, 2, 3, 4)), v -> v[0].permute(2, 0, 1).exp()),
                c("transpose", r -> t(normal(r, 3, 4), normal(r, 3)), v -> v[0].transpose(0, 1).mul(v[1])),
                c("narrow", r -> t(normal(r, 4, 5)), v -> v[0].narrow(1, 1, 3).tanh()),
                c("expand", r -> t(normal(r, 3, 1)), v -> v[0].expand(2, 3, 4).exp()),
                c("squeeze_unsqueeze", r -> t(normal(r, 3, 1, 4)), v -> v[0].squeeze(1).unsqueeze(0).sigmoid()),
                c("concat", r -> t(normal(r, 2, 3), normal(r, 2, 2)), v -> Variable.concat(1, v[0], v[1]).tanh()),
                c("stack", r -> t(normal(r, 2, 3), normal(r, 2, 3)), v -> Variable.stack(0, v[0], v[1].exp())),
                c("gather", r -> t(normal(r, 3, 4)),
                        v -> v[0].gather(1, Tensor.of(new float[] {0, 3, 3, 1, 2, 2, 0, 0, 1}, 3, 3))),
                c("index_select", r -> t(normal(r, 4, 3)), v -> v[0].indexSelect(0, 2, 0, 2)));
    }

    /** The case with that name, or an exception listing the names. */
    public static Case find(String name) {
        return cases().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no gradient check named '" + name + "'; known: "
                        + String.join(", ", cases().stream().map(Case::name).toList())));
    }

    private static Tensor[] t(Tensor... x) { return x; }

    private static Tensor fill(SplittableRandom r, int[] shape, java.util.function.DoubleSupplier s) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) s.getAsDouble();
        return t;
    }

    public static Tensor normal(SplittableRandom r, int... shape) {
        return fill(r, shape, r::nextGaussian);
    }

    /** Values in [0.5, 2): the domain of log, sqrt, pow and divisors. */
    public static Tensor positive(SplittableRandom r, int... shape) { return fill(r, shape, () -> r.nextDouble(0.5, 2)); }

    /** |x| in [0.1, 1.5): kinks at 0 stay out of reach of the step. */
    public static Tensor awayFromZero(SplittableRandom r, int... shape) {
        return fill(r, shape, () -> (r.nextBoolean() ? 1 : -1) * r.nextDouble(0.1, 1.5));
    }

    /** A shuffled even grid in [-2, 2]: no two values within 2·eps, so max/min never switch. */
    public static Tensor distinct(SplittableRandom r, int... shape) {
        Tensor t = Tensor.linspace(-2, 2, org.fovea.tensor.Shape.numel(shape));
        float[] d = t.data();
        for (int i = d.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float tmp = d[i];
            d[i] = d[j];
            d[j] = tmp;
        }
        return t.reshape(shape);
    }

    /** Two tensors whose elements differ by at least 0.1 everywhere. */
    private static Tensor[] apart(SplittableRandom r, int... shape) {
        Tensor a = normal(r, shape);
        Tensor gap = awayFromZero(r, shape);
        return t(a, a.add(gap));
    }
}

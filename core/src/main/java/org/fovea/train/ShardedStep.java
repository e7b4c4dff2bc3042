package org.fovea.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.fovea.autograd.Variable;
import org.fovea.kernel.Parallel;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.nn.AdaptiveAvgPool2d;
import org.fovea.nn.AvgPool2d;
import org.fovea.nn.Concat;
import org.fovea.nn.Conv2d;
import org.fovea.nn.ELU;
import org.fovea.nn.Flatten;
import org.fovea.nn.Identity;
import org.fovea.nn.LeakyReLU;
import org.fovea.nn.Linear;
import org.fovea.nn.LocalResponseNorm;
import org.fovea.nn.LogSoftmax;
import org.fovea.nn.MaxPool2d;
import org.fovea.nn.Maxout;
import org.fovea.nn.Module;
import org.fovea.nn.PReLU;
import org.fovea.nn.ReLU;
import org.fovea.nn.Residual;
import org.fovea.nn.Sequential;
import org.fovea.nn.Sigmoid;
import org.fovea.nn.Softmax;
import org.fovea.nn.Tanh;
import org.fovea.tensor.Tensor;

/**
 * The forward and backward pass of one training mini-batch, split by samples over the threads: each thread runs
 * the whole network on its contiguous share of the batch (its kernels single-threaded), and the parameter
 * gradients of the shares are summed in share order. The result is the gradient of the mean loss over the whole
 * batch, as {@code loss.forward(model.forward(x), labels).backward()} computes it, up to float rounding; for a
 * given thread count it is the same on every run.
 *
 * <p>Why: a small network such as LeNet-5 spends a large part of each step in ops too small to split well
 * (ReLU, pooling, the classifier, allocation), so splitting every op across two threads gave only 1.13× the
 * one-thread speed; splitting the batch keeps both cores busy through the whole step.
 *
 * <p>Only for models whose training-mode forward treats every sample on its own ({@link #supports}): batch
 * normalisation (statistics over the batch) and dropout (one random stream) are not split.
 */
public final class ShardedStep {
    /** -Dfovea.train.shards=false turns the split off (to compare, or to get the one-thread summation order). */
    private static final boolean ENABLED = !"false".equals(System.getProperty("fovea.train.shards"));
    /** Fewer samples per share than this are not worth a thread. */
    static final int MIN_SHARE = 8;
    /** Modules whose forward treats samples independently and keeps no state (containers: if their children do). */
    private static final Set<Class<?>> SAMPLEWISE = Set.of(
            Sequential.class, Residual.class, Concat.class, Identity.class, Flatten.class, Linear.class, Conv2d.class,
            MaxPool2d.class, AvgPool2d.class, AdaptiveAvgPool2d.class, ReLU.class, LeakyReLU.class, PReLU.class,
            ELU.class, Sigmoid.class, Tanh.class, Maxout.class, Softmax.class, LogSoftmax.class, LocalResponseNorm.class);

    /** The scores of the whole batch and its mean loss. */
    public record Result(Tensor scores, double loss) {}

    private ShardedStep() {}

    /** True if every module of the model, recursively, treats samples independently in training mode. */
    public static boolean supports(Module model) {
        if (!SAMPLEWISE.contains(model.getClass()) && !PLAIN_SEQUENTIAL.get(model.getClass())) return false;
        for (Module child : model.children().values()) {
            if (!supports(child)) return false;
        }
        return true;
    }

    /**
     * A subclass of Sequential that only fills it (as LeNet5 and Mlp in the zoo): its forward is Sequential's.
     * Looked up once per class (supports runs every training step).
     */
    private static final ClassValue<Boolean> PLAIN_SEQUENTIAL = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            try {
                return Sequential.class.isAssignableFrom(c) && c.getMethod("forward", Variable.class).getDeclaringClass() == Sequential.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

    /**
     * How many shares a batch of n samples is split into: two per thread (so a thread held back by another process
     * leaves work the others can take), at least {@link #MIN_SHARE} samples each; 1 when splitting does not apply.
     */
    public static int shares(Module model, int n) {
        int shares = Math.min(2 * Parallel.threads(), n / MIN_SHARE);
        if (Parallel.threads() < 2) shares = 1;
        return ENABLED && shares > 1 && !Parallel.insideParallel() && supports(model) ? shares : 1;
    }

    /**
     * Forward and backward of the mean cross-entropy over the batch; each trainable parameter's gradient is
     * accumulated as backward would. Call {@code zeroGrad} first, as for backward.
     */
    public static Result run(Module model, CrossEntropyLoss loss, Tensor images, int[] labels) {
        int n = images.size(0);
        if (labels.length != n) {
            throw new IllegalArgumentException("ShardedStep: " + n + " images but " + labels.length + " labels");
        }
        int shares = shares(model, n);
        if (shares == 1) {
            Variable scores = model.forward(images);
            Variable l = loss.forward(scores, labels);
            double value = l.item();
            if (Double.isFinite(value)) l.backward();
            return new Result(scores.data(), value);
        }
        List<Variable> params = new ArrayList<>();
        for (Variable p : model.parameters()) if (p.requiresGrad()) params.add(p);
        Tensor[] scores = new Tensor[shares];
        double[] losses = new double[shares];
        Tensor[][] grads = new Tensor[shares][];
        // Threads take shares one at a time, so a thread that another process holds back delays no one: the
        // others take its shares. Which thread computes a share does not change its result.
        AtomicInteger next = new AtomicInteger();
        Parallel.parallelFor(Math.min(shares, Parallel.threads()), (lo, hi) -> {
            for (int s = next.getAndIncrement(); s < shares; s = next.getAndIncrement()) {
                int from = bound(n, shares, s), to = bound(n, shares, s + 1);
                int[] part = java.util.Arrays.copyOfRange(labels, from, to);
                Variable out = model.forward(images.narrow(0, from, to - from));
                Variable l = loss.forward(out, part);
                // the share's mean weighted by its share of the batch: the shares' sum is the batch mean
                float weight = (float) (to - from) / n;
                scores[s] = out.data();
                losses[s] = l.item() * weight;
                grads[s] = Double.isFinite(losses[s]) ? l.gradients(Tensor.full(weight, l.shape()), params) : null;
            }
        });
        double value = 0;
        for (double l : losses) value += l;
        if (!Double.isFinite(value)) return new Result(Tensor.concat(0, scores), value);
        for (int i = 0; i < params.size(); i++) {
            Tensor sum = null;
            for (int s = 0; s < shares; s++) {
                Tensor g = grads[s][i];
                if (g == null) continue;
                sum = sum == null ? g : sum.add(g);
            }
            if (sum != null) params.get(i).accumulateGrad(sum);
        }
        return new Result(Tensor.concat(0, scores), value);
    }

    private static int bound(int n, int shares, int s) {
        return (int) ((long) n * s / shares);
    }
}

package org.fovea.nn;

import static org.fovea.autograd.GradCheckSuite.awayFromZero;
import static org.fovea.autograd.GradCheckSuite.distinct;
import static org.fovea.autograd.GradCheckSuite.normal;
import static org.fovea.autograd.GradCheckSuite.positive;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.fovea.autograd.GradCheck;
import org.fovea.autograd.GradCheckSuite.Case;
import org.fovea.autograd.Variable;
import org.fovea.loss.BCEWithLogitsLoss;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.loss.MSELoss;
import org.fovea.loss.MultiClassSvmLoss;
import org.fovea.loss.Regularization;
import org.fovea.tensor.Tensor;

/**
 * Gradient checks of every layer and loss, for inputs and parameters alike (each case's inputs are
 * x followed by the layer's parameters). Step 1e-2 and threshold 1e-3 as for the autograd ops, except:
 * convolution and linear use step 1 (they are linear in each element, and a small step only magnifies float32
 * rounding of their many-term sums);
 * batch norm in training mode 5e-3 (every output depends on every input of the channel, so float32
 * rounding of the loss is larger) and losses with kinks (SVM, L1) use inputs kept away from the kinks.
 * Dropout is not checked numerically (random masks); its own tests check it statistically.
 */
public final class LayerGradCheckSuite {
    private LayerGradCheckSuite() {}

    private static final GradCheck.Options DEFAULT = GradCheck.Options.defaults();
    /** Convolution and linear layers are linear in each single input element: a large step has no truncation error. */
    private static final GradCheck.Options LINEAR = DEFAULT.withEps(1);

    private static Case c(String name, Function<SplittableRandom, Tensor[]> in, Function<Variable[], Variable> f) {
        return new Case(name, in, f, DEFAULT);
    }

    private static Tensor[] t(Tensor... x) { return x; }

    private static final int[] ONE = {1, 1};
    private static final int[] TWO = {2, 2};
    private static final int[] ZERO = {0, 0};
    private static final int[] LABELS = {2, 0, 3};

    public static List<Case> cases() {
        return List.of(
                new Case("linear", r -> t(normal(r, 4, 5), normal(r, 3, 5), normal(r, 3)), v -> Functional.linear(v[0], v[1], v[2]), LINEAR),
                new Case("conv2d", r -> t(normal(r, 2, 3, 5, 5), normal(r, 4, 3, 3, 3), normal(r, 4)),
                        v -> Functional.conv2d("conv2d", v[0], v[1], v[2], ONE, ONE, ONE, 1), LINEAR),
                new Case("conv2d_strided_dilated", r -> t(normal(r, 2, 2, 7, 6), normal(r, 3, 2, 3, 2), normal(r, 3)),
                        v -> Functional.conv2d("conv2d", v[0], v[1], v[2], new int[] {2, 1}, new int[] {1, 0}, new int[] {2, 1}, 1), LINEAR),
                new Case("conv2d_groups", r -> t(normal(r, 2, 4, 4, 4), normal(r, 6, 2, 3, 3)),
                        v -> Functional.conv2d("conv2d", v[0], v[1], null, ONE, ONE, ONE, 2), LINEAR),
                new Case("conv2d_pointwise", r -> t(normal(r, 2, 3, 4, 4), normal(r, 5, 3, 1, 1), normal(r, 5)),
                        v -> Functional.conv2d("conv2d", v[0], v[1], v[2], ONE, ZERO, ONE, 1), LINEAR),
                c("max_pool2d", r -> t(distinct(r, 2, 2, 6, 6)), v -> Functional.maxPool2d("maxPool", v[0], TWO, TWO, ZERO, false)),
                c("max_pool2d_overlap_pad", r -> t(distinct(r, 1, 2, 7, 7)),
                        v -> Functional.maxPool2d("maxPool", v[0], new int[] {3, 3}, TWO, ONE, true)),
                c("avg_pool2d", r -> t(normal(r, 2, 2, 7, 7)),
                        v -> Functional.avgPool2d("avgPool", v[0], new int[] {3, 3}, TWO, ONE, true, false)),
                c("adaptive_avg_pool2d", r -> t(normal(r, 2, 2, 5, 7)), v -> new AdaptiveAvgPool2d(3, 2).forward(v[0])),
                c("global_avg_pool", r -> t(normal(r, 2, 3, 4, 4)), v -> new AdaptiveAvgPool2d(1).forward(v[0])),
                new Case("batch_norm2d_train", r -> t(normal(r, 4, 3, 3, 3), positive(r, 3), normal(r, 3)),
                        v -> Norms.batchNorm("bn", v[0], v[1], v[2], Tensor.zeros(3), Tensor.ones(3), true, 0.1, 1e-5),
                        DEFAULT.withThreshold(5e-3)),
                new Case("batch_norm1d_train", r -> t(normal(r, 6, 4), positive(r, 4), normal(r, 4)),
                        v -> Norms.batchNorm("bn", v[0], v[1], v[2], Tensor.zeros(4), Tensor.ones(4), true, 0.1, 1e-5),
                        DEFAULT.withThreshold(5e-3)),
                c("batch_norm_eval", r -> t(normal(r, 4, 3, 2, 2), positive(r, 3), normal(r, 3)),
                        v -> Norms.batchNorm("bn", v[0], v[1], v[2], Tensor.of(new float[] {0.1f, -0.2f, 0.3f}, 3),
                                Tensor.of(new float[] {0.5f, 1.5f, 2f}, 3), false, 0.1, 1e-5)),
                c("local_response_norm", r -> t(normal(r, 2, 6, 3, 3)), v -> Norms.localResponseNorm(v[0], 5, 0.5, 0.75, 2)),
                c("leaky_relu", r -> t(awayFromZero(r, 3, 4)), v -> Activations.leakyRelu(v[0], 0.1f)),
                c("elu", r -> t(awayFromZero(r, 3, 4)), v -> Activations.elu(v[0], 1f)),
                c("prelu", r -> t(awayFromZero(r, 2, 3, 2, 2), positive(r, 3)), v -> Activations.prelu(v[0], v[1])),
                c("maxout", r -> t(distinct(r, 3, 6)), v -> Activations.maxout(v[0], 3)),
                c("flatten", r -> t(normal(r, 2, 3, 2)), v -> new Flatten().forward(v[0]).tanh()),
                c("residual", r -> t(normal(r, 2, 3)), v -> new Residual(new Tanh()).forward(v[0])),
                c("concat_channels", r -> t(normal(r, 2, 2, 3, 3)), v -> new Concat(new Tanh(), new Sigmoid()).forward(v[0])),
                c("cross_entropy", r -> t(normal(r, 3, 5)), v -> new CrossEntropyLoss().forward(v[0], LABELS)),
                c("cross_entropy_smoothed", r -> t(normal(r, 3, 5)), v -> new CrossEntropyLoss(0.1).forward(v[0], LABELS)),
                c("svm_loss", r -> t(Tensor.of(new float[] {
                        0.3f, -1.2f, 2.2f, 0.7f, -0.4f, 1.1f, 0.2f, -2.0f, 0.9f, 0.35f, -0.6f, 1.9f, 0.45f, 1.7f, 0.05f}, 3, 5)),
                        v -> new MultiClassSvmLoss().forward(v[0], LABELS)),
                c("bce_with_logits", r -> t(normal(r, 3, 4)),
                        v -> new BCEWithLogitsLoss().forward(v[0], Tensor.of(new float[] {1, 0, 1, 1, 0, 0, 1, 0, 0.5f, 1, 0, 1}, 3, 4))),
                c("mse", r -> t(normal(r, 3, 4), normal(r, 3, 4)), v -> new MSELoss().forward(v[0], v[1])),
                c("l2_regularization", r -> t(normal(r, 3, 4), normal(r, 5)), v -> Regularization.l2(List.of(v[0], v[1]), 0.1)),
                c("l1_regularization", r -> t(awayFromZero(r, 3, 4)), v -> Regularization.l1(List.of(v[0]), 0.1)),
                c("elastic_net", r -> t(awayFromZero(r, 3, 4)), v -> Regularization.elasticNet(List.of(v[0]), 0.1, 0.5)));
    }
}

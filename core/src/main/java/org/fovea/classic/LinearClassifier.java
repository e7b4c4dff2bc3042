package org.fovea.classic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.fovea.autograd.Variable;
import org.fovea.data.Splits;
import org.fovea.kernel.Sgemm;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.loss.MultiClassSvmLoss;
import org.fovea.loss.Regularization;
import org.fovea.optim.SGD;
import org.fovea.tensor.Tensor;
import org.fovea.train.TrainingDivergedException;

/**
 * The linear classifier of CS231n lecture 2–3: scores f(x) = x·W + b, trained by mini-batch SGD on the
 * multiclass SVM or softmax loss plus λ·R(W) (L1, L2 or elastic net; never on b, as the lecture advises).
 * Inputs are centred on the training set's mean image first ("Data preprocessing", lecture 6).
 * Each column of W, seen as an image, is the class's learned template.
 *
 * <p>Shape: x (N, D) → scores (N, C); W is (D, C) and b is (C), the transpose of {@code nn.Linear}'s
 * layout, so the template of class c is column c.
 */
public final class LinearClassifier {
    /** The data loss. */
    public enum Loss { SVM, SOFTMAX }

    /** The penalty R(W). ELASTIC is β·W² + |W| summed. */
    public enum Penalty { NONE, L1, L2, ELASTIC }

    /**
     * How to train: loss, penalty with strength lambda (and beta for the elastic net), learning rate lr
     * multiplied by lrDecay after every epoch, momentum μ (0 = vanilla SGD), epochs, batch size and the
     * seed of the initial weights (W ~ 0.001·N(0, 1), as the assignment) and of the batch order.
     */
    public record Options(Loss loss, Penalty penalty, double lambda, double beta, double lr, double lrDecay, double momentum,
                          int epochs, int batch, long seed) {
        public Options {
            if (loss == null || penalty == null) throw new IllegalArgumentException("LinearClassifier: loss and penalty must be given");
            if (!(lambda >= 0) || !(beta >= 0)) throw new IllegalArgumentException("LinearClassifier: lambda and beta must be >= 0, got " + lambda + ", " + beta);
            if (!(lr > 0) || !(lrDecay > 0 && lrDecay <= 1)) throw new IllegalArgumentException("LinearClassifier: need lr > 0 and lrDecay in (0, 1], got " + lr + ", " + lrDecay);
            if (epochs < 1 || batch < 1) throw new IllegalArgumentException("LinearClassifier: epochs and batch must be >= 1, got " + epochs + ", " + batch);
        }

        /**
         * L2 λ = 1e-6, lr 0.03 decaying 0.9 a epoch, momentum 0.9, 10 epochs of batches of 200: the region a
         * random search on Fashion-MNIST's validation split found best (84 % test with softmax).
         */
        public static Options defaults(Loss loss) {
            return new Options(loss, Penalty.L2, 1e-6, 1, 0.03, 0.9, 0.9, 10, 200, 42);
        }
    }

    /** One epoch's figures; validationAccuracy is NaN without validation data. */
    public record Epoch(int epoch, double loss, double trainAccuracy, double validationAccuracy, double lr, double seconds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "epoch %d: loss %.4f, train %.2f %%, validation %.2f %%, lr %.3g, %.1f s",
                    epoch, loss, 100 * trainAccuracy, 100 * validationAccuracy, lr, seconds);
        }
    }

    private final int features;
    private final int classes;
    private final Variable weight;
    private final Variable bias;
    private float[] mean;

    public LinearClassifier(int features, int classes, long seed) {
        if (features < 1 || classes < 2) throw new IllegalArgumentException("LinearClassifier: need features >= 1 and classes >= 2, got " + features + ", " + classes);
        this.features = features;
        this.classes = classes;
        SplittableRandom rng = new SplittableRandom(seed);
        float[] w = new float[features * classes];
        for (int i = 0; i < w.length; i++) w[i] = (float) (0.001 * gaussian(rng));
        this.weight = Variable.param(Tensor.wrap(w, features, classes));
        this.bias = Variable.param(Tensor.zeros(classes));
        this.mean = new float[features];
    }

    public Variable weight() { return weight; }
    public Variable bias() { return bias; }

    /**
     * The full objective on one batch: data loss of (x − mean)·W + b plus λ·R(W). x holds already centred
     * rows. Public so tests check its gradient numerically. Shape: x (N, D), labels N → scalar.
     */
    public static Variable objective(Variable x, Variable w, Variable b, int[] labels, Options o) {
        Variable scores = x.matmul(w).add(b);
        Variable data = o.loss() == Loss.SVM ? new MultiClassSvmLoss().forward(scores, labels) : new CrossEntropyLoss().forward(scores, labels);
        return switch (o.penalty()) {
            case NONE -> data;
            case L1 -> data.add(Regularization.l1(List.of(w), o.lambda()));
            case L2 -> data.add(Regularization.l2(List.of(w), o.lambda()));
            case ELASTIC -> data.add(Regularization.elasticNet(List.of(w), o.lambda(), o.beta()));
        };
    }

    /**
     * Mini-batch SGD over the training rows for o.epochs() epochs, scoring validation (may be null) after
     * each; the listener (may be null) sees every epoch. Returns the history.
     */
    public List<Epoch> fit(DataMatrix train, DataMatrix validation, Options o, Consumer<Epoch> listener) {
        check(train);
        if (validation != null) check(validation);
        mean = meanRow(train);
        SGD sgd = new SGD(List.of(weight, bias), o.lr(), o.momentum(), 0, false);
        SplittableRandom rng = new SplittableRandom(o.seed() ^ 0x5DEECE66DL);
        List<Epoch> history = new ArrayList<>();
        int d = features;
        for (int e = 0; e < o.epochs(); e++) {
            long start = System.nanoTime();
            int[] order = Splits.permutation(train.n(), rng);
            double lossSum = 0;
            long right = 0;
            for (int lo = 0; lo < train.n(); lo += o.batch()) {
                int count = Math.min(o.batch(), train.n() - lo);
                float[] x = new float[count * d];
                int[] labels = new int[count];
                for (int i = 0; i < count; i++) {
                    int r = order[lo + i];
                    for (int j = 0; j < d; j++) x[i * d + j] = train.x()[r * d + j] - mean[j];
                    labels[i] = train.labels()[r];
                }
                int[] predicted = argmax(scores(x, count, false), count);
                for (int i = 0; i < count; i++) if (predicted[i] == labels[i]) right++;
                Variable loss = objective(Variable.of(Tensor.wrap(x, count, d)), weight, bias, labels, o);
                double value = loss.item();
                if (!Double.isFinite(value)) {
                    throw new TrainingDivergedException("the loss became " + value + " in epoch " + (e + 1) + " (learning rate " + sgd.lr() + "); try a lower --lr");
                }
                sgd.zeroGrad();
                loss.backward();
                sgd.step();
                lossSum += value * count;
            }
            double val = validation == null ? Double.NaN : accuracy(validation);
            Epoch ep = new Epoch(e + 1, lossSum / train.n(), (double) right / train.n(), val, sgd.lr(), (System.nanoTime() - start) / 1e9);
            history.add(ep);
            if (listener != null) listener.accept(ep);
            sgd.setLr(sgd.lr() * o.lrDecay());
        }
        return history;
    }

    /** Predicted classes (argmax of the scores). Shape: (N, D) → N. */
    public int[] predict(DataMatrix data) {
        check(data);
        int[] out = new int[data.n()];
        int block = 4096;
        for (int lo = 0; lo < data.n(); lo += block) {
            int count = Math.min(block, data.n() - lo);
            float[] x = new float[count * features];
            System.arraycopy(data.x(), lo * features, x, 0, count * features);
            int[] p = argmax(scores(x, count, true), count);
            System.arraycopy(p, 0, out, lo, count);
        }
        return out;
    }

    public double accuracy(DataMatrix data) {
        return KNearestNeighbor.accuracy(predict(data), data.labels());
    }

    /**
     * The learned templates: column c of W as a (C, H, W) image, each rescaled to [0, 1] by its own minimum
     * and maximum (as the lecture's pictures). imageShape is (C, H, W) with C·H·W = D.
     */
    public List<Tensor> templates(int[] imageShape) {
        if (imageShape.length != 3 || imageShape[0] * imageShape[1] * imageShape[2] != features) {
            throw new IllegalArgumentException("templates: image shape " + java.util.Arrays.toString(imageShape) + " does not hold " + features + " weights");
        }
        float[] w = weight.data().contiguous().toArray();
        List<Tensor> out = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < features; j++) {
                min = Math.min(min, w[j * classes + c]);
                max = Math.max(max, w[j * classes + c]);
            }
            float[] img = new float[features];
            float range = max > min ? max - min : 1;
            for (int j = 0; j < features; j++) img[j] = (w[j * classes + c] - min) / range;
            out.add(Tensor.wrap(img, imageShape));
        }
        return out;
    }

    /** Scores x·W + b for count rows (centred first if centre), straight through SGEMM. Shape: (count, C). */
    private float[] scores(float[] x, int count, boolean centre) {
        if (centre) for (int i = 0; i < count; i++) for (int j = 0; j < features; j++) x[i * features + j] -= mean[j];
        float[] s = new float[count * classes];
        float[] b = bias.data().contiguous().toArray();
        for (int i = 0; i < count; i++) System.arraycopy(b, 0, s, i * classes, classes);
        Tensor w = weight.data().contiguous();
        Sgemm.sgemm(false, false, count, classes, features, 1f, x, 0, features, w.data(), w.offset(), classes, 1f, s, 0, classes);
        return s;
    }

    private int[] argmax(float[] s, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (s[i * classes + c] > s[i * classes + best]) best = c;
            out[i] = best;
        }
        return out;
    }

    private void check(DataMatrix data) {
        if (data.d() != features) throw new IllegalArgumentException("LinearClassifier: data has " + data.d() + " features, the classifier " + features);
        if (data.classes() > classes) throw new IllegalArgumentException("LinearClassifier: data has " + data.classes() + " classes, the classifier " + classes);
    }

    private static float[] meanRow(DataMatrix data) {
        double[] sum = new double[data.d()];
        for (int i = 0; i < data.n(); i++) for (int j = 0; j < data.d(); j++) sum[j] += data.x()[i * data.d() + j];
        float[] m = new float[data.d()];
        for (int j = 0; j < m.length; j++) m[j] = (float) (sum[j] / Math.max(1, data.n()));
        return m;
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}

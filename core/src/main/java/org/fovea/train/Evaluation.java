package org.fovea.train;

import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.data.Batch;
import org.fovea.data.DataLoader;
import org.fovea.data.Dataset;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;

/**
 * Classification metrics of a model on a data set: mean cross-entropy loss, top-1 and top-5 accuracy,
 * per-class accuracy and the confusion matrix (rows: true class, columns: predicted class).
 */
public record Evaluation(double loss, double top1, double top5, long[][] confusion, int count) {
    /** Accuracy of each true class (NaN for a class with no samples). */
    public double[] perClassAccuracy() {
        double[] acc = new double[confusion.length];
        for (int c = 0; c < confusion.length; c++) {
            long total = 0;
            for (long v : confusion[c]) total += v;
            acc[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return acc;
    }

    /** Runs the model in evaluation mode without recording gradients, then restores its mode. */
    public static Evaluation of(Module model, Dataset data, int batchSize, java.util.function.UnaryOperator<Tensor> preprocess) {
        boolean wasTraining = model.isTraining();
        model.eval();
        int classes = data.classes().size();
        long[][] confusion = new long[classes][classes];
        double lossSum = 0;
        long top5 = 0;
        CrossEntropyLoss ce = new CrossEntropyLoss();
        DataLoader loader = new DataLoader(data, batchSize, 0, DataLoader.Options.evaluation());
        try (var scope = GradMode.noGrad(); DataLoader.Epoch epoch = loader.epoch(0)) {
            while (epoch.hasNext()) {
                Batch b = epoch.next();
                Variable scores = model.forward(preprocess.apply(b.images()));
                lossSum += ce.forward(scores, b.labels()).item() * b.size();
                float[] s = scores.data().contiguous().toArray();
                int c = scores.size(1);
                for (int i = 0; i < b.size(); i++) {
                    int label = b.labels()[i];
                    float own = s[i * c + label];
                    int predicted = 0;
                    int higher = 0;
                    for (int j = 0; j < c; j++) {
                        if (s[i * c + j] > s[i * c + predicted]) predicted = j;
                        if (s[i * c + j] > own) higher++;
                    }
                    confusion[label][predicted]++;
                    if (higher < 5) top5++;
                }
            }
        } finally {
            model.train(wasTraining);
        }
        int n = data.size();
        long correct = 0;
        for (int c = 0; c < classes; c++) correct += confusion[c][c];
        return new Evaluation(lossSum / n, (double) correct / n, (double) top5 / n, confusion, n);
    }
}

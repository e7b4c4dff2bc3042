package org.fovea.classic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.fovea.data.DataLoader;
import org.fovea.data.Dataset;
import org.fovea.data.Normalization;
import org.fovea.data.Splits;
import org.fovea.nn.Module;
import org.fovea.optim.SGD;
import org.fovea.optim.schedule.CosineAnnealingLR;
import org.fovea.train.Evaluation;
import org.fovea.train.Trainer;
import org.fovea.train.TrainingDivergedException;
import org.fovea.zoo.Models;

/**
 * The objective of a {@link HyperparameterSearch}: trains one configuration on the training part of a fixed
 * train/validation split of the training data and returns its validation accuracy (CS231n lecture 6:
 * "evaluate on the validation set; the test set only once, at the very end"). It is constructed from the
 * training data alone; the test set reaches it only through {@link #testAccuracy}, after the search.
 *
 * <p>Models and their parameters: {@code linear} (softmax) and {@code linear-svm}: lr, reg, momentum, batch;
 * {@code knn}: k; any zoo model ({@link Models#NAMES}): lr, weight-decay, momentum, batch, and hidden for mlp,
 * trained with SGD momentum under a cosine schedule as {@code fovea train} does. Parameters left out take
 * the defaults of {@link #DEFAULTS}.
 */
public final class TrialRunner {
    /** Defaults of the parameters a configuration may leave out. */
    public static final Map<String, Double> DEFAULTS = Map.of("lr", 0.01, "reg", 1e-4, "momentum", 0.9, "batch", 64.0,
            "weight-decay", 0.0, "hidden", 100.0, "k", 1.0);

    private final String model;
    private final Dataset train;
    private final Dataset validation;
    private final int epochs;
    private final long seed;
    private DataMatrix trainMatrix;
    private DataMatrix validationMatrix;

    /** Holds out validationFraction of trainData (seeded) for scoring. */
    public TrialRunner(String model, Dataset trainData, double validationFraction, int epochs, long seed) {
        if (!models().contains(model)) throw new IllegalArgumentException("unknown model '" + model + "'; known: " + String.join(", ", models()));
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        Splits.Split s = Splits.trainValidation(trainData, validationFraction, seed);
        this.model = model;
        this.train = s.train();
        this.validation = s.validation();
        this.epochs = epochs;
        this.seed = seed;
    }

    /** Models a search can train. */
    public static List<String> models() {
        List<String> m = new ArrayList<>(List.of("linear", "linear-svm", "knn"));
        m.addAll(Models.NAMES);
        return m;
    }

    /** The parameters the model understands. */
    public Set<String> parameters() {
        return switch (model) {
            case "linear", "linear-svm" -> Set.of("lr", "reg", "momentum", "batch");
            case "knn" -> Set.of("k");
            case "mlp" -> Set.of("lr", "weight-decay", "momentum", "batch", "hidden");
            default -> Set.of("lr", "weight-decay", "momentum", "batch");
        };
    }

    /** Fails with the known names if a parameter does not apply to the model. */
    public void checkParameters(Collection<String> names) {
        for (String n : names) {
            if (!parameters().contains(n)) throw new IllegalArgumentException("model " + model + " has no parameter '" + n + "'; it takes " + String.join(", ", parameters()));
        }
    }

    public int trainSize() { return train.size(); }
    public int validationSize() { return validation.size(); }

    /** Trains config on the training part and returns its accuracy on the validation part; 0 if training diverged. */
    public double validationAccuracy(Map<String, Double> config) {
        try {
            return score(config, validation, false);
        } catch (TrainingDivergedException e) {
            return 0;
        }
    }

    /** Trains config on the training part and returns its accuracy on test: once, after the search. */
    public double testAccuracy(Map<String, Double> config, Dataset test) {
        return score(config, test, true);
    }

    private double score(Map<String, Double> config, Dataset eval, boolean once) {
        checkParameters(config.keySet());
        Map<String, Double> c = new LinkedHashMap<>(DEFAULTS);
        c.putAll(config);
        return switch (model) {
            case "linear", "linear-svm" -> {
                LinearClassifier.Options o = new LinearClassifier.Options(model.equals("linear") ? LinearClassifier.Loss.SOFTMAX : LinearClassifier.Loss.SVM,
                        LinearClassifier.Penalty.L2, c.get("reg"), 1, c.get("lr"), 0.9, c.get("momentum"), epochs, integer(c, "batch"), seed);
                LinearClassifier lc = new LinearClassifier(trainMatrix().d(), train.classes().size(), seed);
                lc.fit(trainMatrix(), null, o, null);
                yield lc.accuracy(matrix(eval, once));
            }
            case "knn" -> {
                KNearestNeighbor knn = new KNearestNeighbor(Distances.Metric.L2).train(trainMatrix());
                DataMatrix q = matrix(eval, once);
                yield KNearestNeighbor.accuracy(knn.predict(q, integer(c, "k")), q.labels());
            }
            default -> trainNetwork(c, eval);
        };
    }

    private double trainNetwork(Map<String, Double> c, Dataset eval) {
        int[] shape = train.imageShape();
        Map<String, Object> config = new LinkedHashMap<>(Map.of("channels", shape[0], "size", shape[1], "classes", train.classes().size(),
                "hidden", integer(c, "hidden")));
        Module net = Models.create(model, config, new SplittableRandom(seed));
        Normalization norm = Normalization.perChannel(train);
        SGD opt = new SGD(net.parameters(), c.get("lr"), c.get("momentum"), c.get("weight-decay"), false);
        Trainer trainer = new Trainer(net, opt, new CosineAnnealingLR(opt, epochs, 0), norm::apply, new Trainer.Options(epochs, 0, 0));
        trainer.fit(new DataLoader(train, integer(c, "batch"), seed, DataLoader.Options.training()), null, 0);
        return Evaluation.of(net, eval, 256, norm::apply).top1();
    }

    private DataMatrix trainMatrix() {
        if (trainMatrix == null) trainMatrix = DataMatrix.of(train);
        return trainMatrix;
    }

    /** The validation matrix is cached; a test set is read fresh, once. */
    private DataMatrix matrix(Dataset eval, boolean once) {
        if (once) return DataMatrix.of(eval);
        if (validationMatrix == null) validationMatrix = DataMatrix.of(validation);
        return validationMatrix;
    }

    private static int integer(Map<String, Double> c, String key) {
        double v = c.get(key);
        if (v < 1 || v != Math.rint(v)) throw new IllegalArgumentException("parameter " + key + " must be a positive integer, got " + v);
        return (int) v;
    }
}

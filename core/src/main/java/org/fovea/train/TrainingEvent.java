package org.fovea.train;

import java.util.Map;

/**
 * What the {@link Trainer} reports while it runs; the command line's progress bar, the JSON output and the
 * dashboard all consume these.
 */
public sealed interface TrainingEvent {
    /** An epoch begins: {@code steps} mini-batches at learning rate {@code lr}. */
    record EpochStarted(int epoch, int epochs, int steps, double lr) implements TrainingEvent {}

    /** One optimisation step done; loss and accuracy are of this mini-batch. */
    record StepFinished(int epoch, int step, int steps, long globalStep, double loss, double accuracy,
                        double imagesPerSecond) implements TrainingEvent {}

    /**
     * An epoch's summary. {@code updateRatios}: per parameter, ‖Δw‖ / ‖w‖ of the epoch's last step
     * (CS231n's babysitting rule of thumb: about 1e-3). {@code validation} is null without a validation set.
     */
    record EpochFinished(int epoch, double trainLoss, double trainAccuracy, Evaluation validation, double lr,
                         double imagesPerSecond, double seconds, double gcSeconds,
                         Map<String, Double> updateRatios) implements TrainingEvent {
        /** Training minus validation accuracy: a large gap means overfitting. */
        public double accuracyGap() { return validation == null ? Double.NaN : trainAccuracy - validation.top1(); }
    }

    /** Training ended: all epochs done, or stopped early (and why). */
    record Finished(int epochs, String reason) implements TrainingEvent {}
}

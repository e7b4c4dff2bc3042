package org.fovea.train;

/** The loss became NaN or infinite: training cannot continue from here. */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) { super(message); }
}

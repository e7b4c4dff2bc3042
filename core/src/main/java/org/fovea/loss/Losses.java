package org.fovea.loss;

import org.fovea.autograd.Variable;

/** Argument checks shared by the classification losses. */
final class Losses {
    private Losses() {}

    static void checkLabels(String loss, Variable scores, int[] labels) {
        if (scores.dim() != 2) {
            throw new IllegalArgumentException(loss + ": expects scores (N, C), got shape " + java.util.Arrays.toString(scores.shape()));
        }
        if (labels.length != scores.size(0)) {
            throw new IllegalArgumentException(loss + ": " + labels.length + " labels for scores of shape "
                    + java.util.Arrays.toString(scores.shape()));
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= scores.size(1)) {
                throw new IllegalArgumentException(loss + ": label " + labels[i] + " of sample " + i + " is not a class in [0, " + scores.size(1) + ")");
            }
        }
    }
}

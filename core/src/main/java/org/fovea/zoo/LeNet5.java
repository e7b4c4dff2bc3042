package org.fovea.zoo;

import java.util.random.RandomGenerator;
import org.fovea.nn.Conv2d;
import org.fovea.nn.Flatten;
import org.fovea.nn.Linear;
import org.fovea.nn.MaxPool2d;
import org.fovea.nn.ReLU;
import org.fovea.nn.Sequential;

/**
 * LeNet-5 (LeCun et al. 1998) in its modern form, as CS231n lecture 9 shows it: ReLU and max pooling
 * instead of tanh and subsampling. CONV 5×5×6 pad 2 → ReLU → POOL 2 → CONV 5×5×16 → ReLU → POOL 2 →
 * FC 120 → ReLU → FC 84 → ReLU → FC classes. Shape: (N, C, 28, 28) → (N, classes); 32×32 inputs work too.
 */
public final class LeNet5 extends Sequential {
    public LeNet5(int channels, int size, int classes, RandomGenerator rng) {
        super(new Conv2d(channels, 6, 5, 1, 2, rng), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5, rng), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                new Linear(16 * featureSize(size) * featureSize(size), 120, rng), new ReLU(),
                new Linear(120, 84, rng), new ReLU(),
                new Linear(84, classes, rng));
    }

    /** Side of the 16 feature maps before the classifier: ((size / 2) − 4) / 2. */
    private static int featureSize(int size) {
        int s = (size / 2 - 4) / 2;
        if (s < 1) throw new IllegalArgumentException("LeNet5: input size " + size + " is too small (needs at least 12)");
        return s;
    }
}

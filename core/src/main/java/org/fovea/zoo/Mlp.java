package org.fovea.zoo;

import java.util.random.RandomGenerator;
import org.fovea.nn.Flatten;
import org.fovea.nn.Linear;
import org.fovea.nn.ReLU;
import org.fovea.nn.Sequential;

/** The two-layer network of CS231n: FC hidden → ReLU → FC classes. Shape: (N, C, H, W) → (N, classes). */
public final class Mlp extends Sequential {
    public Mlp(int inputs, int hidden, int classes, RandomGenerator rng) {
        super(new Flatten(), new Linear(inputs, hidden, rng), new ReLU(), new Linear(hidden, classes, rng));
    }
}

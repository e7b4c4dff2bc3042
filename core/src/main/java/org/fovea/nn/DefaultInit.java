package org.fovea.nn;

import java.util.random.RandomGenerator;
import org.fovea.init.Init;
import org.fovea.tensor.Tensor;

/**
 * PyTorch's default initialisation of Linear and Conv2d: the weight by Kaiming-uniform with a = √5, i.e.
 * U(−1/√fan_in, 1/√fan_in), the bias by U(−1/√fan_in, 1/√fan_in). Models that want He or Xavier
 * re-initialise with {@link Init}.
 */
final class DefaultInit {
    private DefaultInit() {}

    static Tensor weight(RandomGenerator rng, int... shape) {
        return Init.kaimingUniform(Tensor.zeros(shape), Init.leakyReluGain(Math.sqrt(5)), rng);
    }

    static Tensor bias(RandomGenerator rng, int fanIn, int size) {
        double bound = 1 / Math.sqrt(fanIn);
        return Init.uniform(Tensor.zeros(size), -bound, bound, rng);
    }
}

package org.fovea.nn;

import java.util.random.RandomGenerator;
import org.fovea.tensor.Tensor;

/**
 * PyTorch's default initialisation of Linear and Conv2d: weight and bias ~ U(−1/√fan_in, 1/√fan_in)
 * (kaiming_uniform with a = √5 reduces to this bound). Models that want He or Xavier re-initialise.
 */
final class DefaultInit {
    private DefaultInit() {}

    static Tensor uniform(RandomGenerator rng, int fanIn, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        double bound = 1 / Math.sqrt(fanIn);
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextDouble(-bound, bound);
        return t;
    }
}

package org.fovea.zoo;

import java.util.random.RandomGenerator;
import org.fovea.init.Init;
import org.fovea.nn.BatchNorm2d;
import org.fovea.nn.Conv2d;
import org.fovea.nn.Module;
import org.fovea.nn.ReLU;
import org.fovea.nn.Sequential;

/** Small building blocks shared by the zoo's architectures (torchvision's helpers of the same purpose). */
final class Layers {
    private Layers() {}

    /** Convolution without bias (a batch norm follows, whose β makes a bias redundant). */
    static Conv2d conv(int in, int out, int kernel, int stride, int padding, RandomGenerator rng) {
        return new Conv2d(in, out, kernel, stride, padding, 1, 1, false, rng);
    }

    /** conv (no bias) → BatchNorm2d: a residual body's last step or a projection shortcut. */
    static Sequential convBn(int in, int out, int kernel, int stride, int padding, RandomGenerator rng) {
        return new Sequential(conv(in, out, kernel, stride, padding, rng), new BatchNorm2d(out));
    }

    /** torchvision's BasicConv2d: conv (no bias) → BatchNorm2d(eps) → ReLU. */
    static Sequential convBnRelu(int in, int out, int kernel, int stride, int padding, double eps, RandomGenerator rng) {
        return new Sequential(conv(in, out, kernel, stride, padding, rng), new BatchNorm2d(out, eps, 0.1), new ReLU());
    }

    /**
     * He initialisation (He et al. 2015, N(0, 2 / fan_in)) of every convolution in the model, biases zero, as
     * torchvision does for VGG and ResNet (there with fan_out; either keeps the ReLU signal's variance).
     * Without it, deep plain networks such as VGG-16 start with vanishing activations.
     */
    static <M extends Module> M heInit(M model, RandomGenerator rng) {
        if (model instanceof Conv2d c) {
            Init.kaimingNormal(c.weight().data(), rng);
            if (c.bias() != null) Init.zeros(c.bias().data());
        }
        for (Module child : model.children().values()) heInit(child, rng);
        return model;
    }
}

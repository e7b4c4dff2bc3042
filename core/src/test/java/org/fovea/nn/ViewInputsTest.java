package org.fovea.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Layers fed a view that does not start at its array's first element (a slice of a batch) compute what they
 * compute on a copy of it, forward and backward. The convolution and pooling kernels take bare arrays; they
 * once read such a slice from the start of the whole batch.
 */
class ViewInputsTest {
    @Test
    void convolutionPoolingAndLinearReadSlicesOfABatch() {
        SplittableRandom rng = new SplittableRandom(9);
        Module net = new Sequential(new Conv2d(2, 3, 3, 1, 1, rng), new ReLU(), new MaxPool2d(2),
                new AvgPool2d(2), new Flatten(), new Linear(18, 4, rng));
        Tensor batch = Tensor.randn(rng, 7, 2, 8, 12);
        Tensor slice = batch.narrow(0, 3, 2);
        Tensor copy = slice.copy();
        Tensor up = Tensor.randn(rng, 2, 4);

        Variable a = Variable.param(slice);
        Variable outA = net.forward(a);
        outA.backward(up);
        float[] gradSliceW = net.parameters().get(0).grad().toArray();
        net.zeroGrad();

        Variable b = Variable.param(copy);
        Variable outB = net.forward(b);
        outB.backward(up);

        assertArrayEquals(outB.data().toArray(), outA.data().toArray(), "forward");
        assertArrayEquals(b.grad().toArray(), a.grad().toArray(), "input gradient");
        assertArrayEquals(net.parameters().get(0).grad().toArray(), gradSliceW, "weight gradient");
    }
}

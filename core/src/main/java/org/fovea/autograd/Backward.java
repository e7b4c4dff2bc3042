package org.fovea.autograd;

import org.fovea.tensor.Tensor;

/**
 * The backward half of a differentiable op: given dOut (the gradient of the final scalar with respect to
 * the op's output, same shape as the output), returns the gradient for each input in order, each with that
 * input's shape, or null for an input that does not require a gradient.
 */
@FunctionalInterface
public interface Backward {
    Tensor[] apply(Tensor dOut);
}

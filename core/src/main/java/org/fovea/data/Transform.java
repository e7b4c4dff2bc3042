package org.fovea.data;

import java.util.List;
import java.util.random.RandomGenerator;
import org.fovea.tensor.Tensor;

/**
 * A per-image transform, random ones drawing from the generator they are given (never a global one), so
 * a seed fixes every augmentation. Implementations never modify their input.
 *
 * <p>Shape: (C, H, W) → (C', H', W'); within one batch every image must come out the same shape.
 */
@FunctionalInterface
public interface Transform {
    Tensor apply(Tensor image, RandomGenerator rng);

    /** This transform, then {@code next}. */
    default Transform andThen(Transform next) {
        return (image, rng) -> next.apply(apply(image, rng), rng);
    }

    /** The transforms applied left to right; the empty composition is the identity. */
    static Transform compose(List<Transform> transforms) {
        Transform t = identity();
        for (Transform next : transforms) t = t == IDENTITY ? next : t.andThen(next);
        return t;
    }

    static Transform identity() { return IDENTITY; }

    /** The identity; {@link DataLoader} skips the per-image pass when it is given this. */
    Transform IDENTITY = (image, rng) -> image;
}

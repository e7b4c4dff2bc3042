package org.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TransformSpecTest {
    private static final int[] SHAPE = {3, 32, 32};

    @Test
    void parsesEveryNameWithDefaultsAndParameters() {
        AtomicInteger fits = new AtomicInteger();
        ImageDataset data = TestData.random(4, 3, 32, 32, 2, 1);
        Transform t = TransformSpec.parse("flip,crop=2,scale=32:40:28,color=0.1:0.2:0.3,pca=0.2,rotate=5,translate=0.05,shear=3,affine,resized=24:0.5",
                SHAPE, () -> {
                    fits.incrementAndGet();
                    return PcaLighting.fit(data, 0.1f);
                });
        assertEquals(1, fits.get());
        assertArrayEquals(new int[] {3, 24, 24}, t.apply(Tensor.rand(new SplittableRandom(0), SHAPE), new SplittableRandom(1)).shape());
        Transform crop = TransformSpec.parse("crop", SHAPE, () -> null);
        assertEquals(new RandomCrop(32, 32, 4), crop);
        assertEquals(new ScaleJitter(32, 60, 32), TransformSpec.parse("scale", SHAPE, () -> null));
        assertSame(Transform.IDENTITY, TransformSpec.parse("none", SHAPE, () -> null));
    }

    @Test
    void unknownNamesAndBadNumbersAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransformSpec.parse("flip,blur", SHAPE, () -> null));
        assertTrue(e.getMessage().contains("blur") && e.getMessage().contains("rotate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TransformSpec.parse("crop=four", SHAPE, () -> null));
    }
}

package org.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassSubsetTest {
    @Test
    void keepsTheChosenClassesAndRelabelsThem() {
        ImageDataset data = DataSets.embeddedFashionMnist().test();
        ClassSubset sub = ClassSubset.of(data, ClassSubset.parse("5-9"));
        assertEquals(List.of("Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), sub.classes());
        int expected = 0;
        for (int i = 0; i < data.size(); i++) if (data.label(i) >= 5) expected++;
        assertEquals(expected, sub.size());
        for (int i = 0; i < sub.size(); i++) assertEquals(data.label(sub.indices()[i]) - 5, sub.label(i));
        Batch b = sub.batch(new int[] {0, 1, 2});
        assertArrayEquals(new int[] {sub.label(0), sub.label(1), sub.label(2)}, b.labels());
        assertArrayEquals(new int[] {0, 2, 4}, ClassSubset.parse("0,2,4"));
        assertThrows(IllegalArgumentException.class, () -> ClassSubset.of(data, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> ClassSubset.of(data, 10));
        assertThrows(IllegalArgumentException.class, () -> ClassSubset.parse("a-b"));
    }
}

package org.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {
    private static Set<Integer> items(Dataset d) {
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < d.size(); i++) s.add(d.label(i));   // indexed(): label = item index
        return s;
    }

    @Test
    void trainValidationIsDisjointCompleteAndSeeded() {
        ImageDataset d = TestData.indexed(100, 1, 1, 1, 1000);
        Splits.Split s = Splits.trainValidation(d, 0.2, 9);
        assertEquals(80, s.train().size());
        assertEquals(20, s.validation().size());
        Set<Integer> train = items(s.train()), val = items(s.validation());
        assertTrue(java.util.Collections.disjoint(train, val));
        train.addAll(val);
        assertEquals(100, train.size());
        assertEquals(items(Splits.trainValidation(d, 0.2, 9).validation()), items(s.validation()));
        assertTrue(!items(Splits.trainValidation(d, 0.2, 10).validation()).equals(items(s.validation())));
        assertEquals(s.validation().label(3), s.validation().get(3).label());
        assertEquals(s.validation().label(3) / 255f, s.validation().batch(new int[] {3}).images().get(0, 0, 0, 0), 0f);
    }

    @Test
    void kFoldValidatesEveryItemExactlyOnce() {
        ImageDataset d = TestData.indexed(23, 1, 1, 1, 1000);
        List<Splits.Split> folds = Splits.kFold(d, 5, 1);
        assertEquals(5, folds.size());
        int[] seen = new int[23];
        for (Splits.Split f : folds) {
            assertTrue(f.validation().size() == 4 || f.validation().size() == 5);
            assertEquals(23, f.train().size() + f.validation().size());
            assertTrue(java.util.Collections.disjoint(items(f.train()), items(f.validation())));
            for (int v : items(f.validation())) seen[v]++;
        }
        int[] ones = new int[23];
        java.util.Arrays.fill(ones, 1);
        assertArrayEquals(ones, seen);
    }

    @Test
    void rejectsDegenerateArguments() {
        ImageDataset d = TestData.indexed(10, 1, 1, 1, 1000);
        assertThrows(IllegalArgumentException.class, () -> Splits.trainValidation(d, 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.trainValidation(d, 0.01, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.kFold(d, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.kFold(d, 11, 0));
    }

    @Test
    void classCountsCountLabels() {
        assertArrayEquals(new int[] {4, 3, 3}, TestData.random(10, 1, 1, 1, 3, 0).classCounts());
    }
}

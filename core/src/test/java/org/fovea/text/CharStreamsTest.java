package org.fovea.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class CharStreamsTest {
    @Test
    void windowsContinueEachStreamAndTargetsAreTheNextCharacter() {
        int[] text = new int[43];
        for (int i = 0; i < text.length; i++) text[i] = i;
        CharStreams s = new CharStreams(text, 3, 4);            // streams of L = 14: [0, 14], [14, 28], [28, 42]
        List<CharStreams.Window> all = new ArrayList<>();
        s.windows(0).forEachRemaining(all::add);
        assertEquals(3, all.size());
        assertEquals(3, s.windowsPerPass());
        assertArrayEquals(new int[] {0, 1, 2, 3}, all.get(0).inputs()[0]);
        assertArrayEquals(new int[] {1, 2, 3, 4}, all.get(0).targets()[0]);
        assertArrayEquals(new int[] {18, 19, 20, 21}, all.get(1).inputs()[1]);
        assertArrayEquals(new int[] {37, 38, 39, 40}, all.get(2).targets()[2]);
        Iterator<CharStreams.Window> shifted = s.windows(2);
        assertArrayEquals(new int[] {30, 31, 32, 33}, shifted.next().inputs()[2]);
        shifted.next();
        shifted.next();
        assertFalse(shifted.hasNext());                         // 2 + 3·4 = 14: the last target would be past its stream
    }

    @Test
    void refusesTooShortTexts() {
        assertThrows(IllegalArgumentException.class, () -> new CharStreams(new int[10], 4, 3));
        assertThrows(IllegalArgumentException.class, () -> new CharStreams(new int[100], 2, 3).windows(3));
    }
}

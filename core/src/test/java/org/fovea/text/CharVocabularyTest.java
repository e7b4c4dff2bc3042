package org.fovea.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CharVocabularyTest {
    @Test
    void sortedDistinctCodePointsRoundTrip() {
        String text = "ba\u00e9 \uD83D\uDC33b";          // includes a whale outside the BMP: one character, two chars in Java
        CharVocabulary v = CharVocabulary.of(text);
        assertEquals(5, v.size());
        assertArrayEquals(new int[] {' ', 'a', 'b', 0xe9, 0x1F433}, v.codePoints());
        assertEquals(text, v.decode(v.encode(text)));
        assertEquals(4, v.indexOf(0x1F433));
        assertEquals(-1, v.indexOf('z'));
    }

    @Test
    void unknownCharactersAreRefusedOrLeftOutAndReported() {
        CharVocabulary v = CharVocabulary.of("call me");
        String msg = assertThrows(IllegalArgumentException.class, () -> v.encode("call Ishmael")).getMessage();
        assertTrue(msg.contains("'I'") && msg.contains("position 5"), msg);
        List<String> unknown = new ArrayList<>();
        int[] known = v.encodeKnown("cull\n", unknown);
        assertEquals("cll", v.decode(known));
        assertEquals(List.of("'u' (U+0075)", "U+000A"), unknown);
        assertThrows(IllegalArgumentException.class, () -> new CharVocabulary(new int[] {'a', 'a'}));
    }
}

package org.fovea.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerVocabularyTest {
    @Test
    void tokenizesLikeKimsCleanStr() {
        assertEquals(List.of("don't", "miss", "it", "!", "a", "10", "out", "of", "10", "movie's", "best", "?", "café"),
                Tokenizer.tokenize("Don't MISS it!<br /><br />A 10-out-of-10... movie's best? Café"));
        assertEquals(List.of(), Tokenizer.tokenize(" ,.;<br/> "));
    }

    @Test
    void vocabularyByFrequencyWithPaddingAndUnknown() {
        List<List<String>> texts = List.of(List.of("b", "a", "b", "c"), List.of("a", "b", "d"));
        Vocabulary v = Vocabulary.build(texts, 4, 1);
        assertEquals(List.of(Vocabulary.PAD, Vocabulary.UNK, "b", "a"), v.words());    // b ×3, a ×2; c and d cut by maxSize
        assertEquals(1, v.indexOf("c"));
        assertArrayEquals(new int[] {2, 1, 3, 0, 0}, v.encode(List.of("b", "zebra", "a"), 5));   // padding after the end
        assertArrayEquals(new int[] {2, 1}, v.encode(List.of("b", "zebra", "a"), 2));          // truncation keeps the beginning
        assertEquals(List.of(Vocabulary.PAD, Vocabulary.UNK, "b", "a"), Vocabulary.build(texts, 100, 2).words());
        assertThrows(IllegalArgumentException.class, () -> new Vocabulary(List.of("x", Vocabulary.UNK)));
    }
}

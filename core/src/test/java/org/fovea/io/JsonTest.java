package org.fovea.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5, 3e2, true, false, null, \"x\"], \"b\": {}, \"c\": [], \"d\": -0} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "c", "d"), new ArrayList<>(m.keySet()));
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2.5, a.get(1));
        assertEquals(300.0, a.get(2));
        assertEquals(true, a.get(3));
        assertEquals(false, a.get(4));
        assertNull(a.get(5));
        assertEquals("x", a.get(6));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(List.of(), m.get("c"));
        assertEquals(0L, m.get("d"));
    }

    @Test
    void numbersBeyondLongBecomeDoubles() {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(9.223372036854775808e18, Json.parse("9223372036854775808"));
        assertEquals(1e-300, Json.parse("1E-300"));
    }

    @Test
    void decodesEscapes() {
        assertEquals("\"\\/\b\f\n\r\t", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
        assertEquals("é€\u0001", Json.parse("\"\\u00e9\\u20AC\\u0001\""));
        assertEquals("😀", Json.parse("\"\\ud83d\\ude00\""));
        assertEquals("😀ü", Json.parse("\"😀ü\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{a:1}", "{'a':1}", "01", "-", "1.", ".5", "1e",
        "+1", "tru", "nul", "\"abc", "\"a\\x\"", "\"a\\u12\"", "\"a\\u12G4\"", "\"\\ud83d\"", "\"\\ude00\"",
        "\"\\ud83d\\u0041\"", "\"tab\there\"", "[1] x", "1e999", "{\"a\":1,\"a\":2}", "// c\n1", "NaN", "Infinity",
        "\"\\u০১২৩\""
    })
    void rejectsInvalidJson(String text) {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().contains("at character"), e.getMessage());
        assertTrue(e.position() >= 0 && e.position() <= text.length(), "position " + e.position());
    }

    @Test
    void duplicateKeyIsNamed() {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse("{\"w\":1, \"w\":2}"));
        assertTrue(e.getMessage().contains("duplicate key \"w\""), e.getMessage());
        assertEquals(8, e.position());
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting deeper"), e.getMessage());
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertEquals(ok, Json.write(Json.parse(ok)));
    }

    @Test
    void parseObjectRejectsOtherValues() {
        assertThrows(Json.JsonException.class, () -> Json.parseObject("[1]"));
        assertEquals(Map.of("a", 1L), Json.parseObject("{\"a\":1}"));
    }

    @Test
    void writesCompactJsonWithEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "q\"b\\n\nt\tc\u0001é😀");
        m.put("i", 3);
        m.put("l", -4L);
        m.put("d", 0.1);
        m.put("f", 0.1f);
        m.put("tiny", 1e-5);
        m.put("b", true);
        m.put("n", null);
        m.put("list", List.of(1, "x", List.of()));
        m.put("arr", new Object[] {1.5, false});
        assertEquals("{\"s\":\"q\\\"b\\\\n\\nt\\tc\\u0001é😀\",\"i\":3,\"l\":-4,\"d\":0.1,\"f\":0.1,\"tiny\":1.0E-5,\"b\":true,"
                + "\"n\":null,\"list\":[1,\"x\",[]],\"arr\":[1.5,false]}", Json.write(m));
    }

    @Test
    void writeRejectsWhatJsonCannotHold() {
        assertTrue(assertThrows(Json.JsonException.class, () -> Json.write(Map.of("x", List.of(1.0, Double.NaN))))
                .getMessage().startsWith("$.x[1]: NaN"));
        assertThrows(Json.JsonException.class, () -> Json.write(Float.POSITIVE_INFINITY));
        assertThrows(Json.JsonException.class, () -> Json.write(Map.of(1, "a")));
        assertThrows(Json.JsonException.class, () -> Json.write(new Object()));
        assertThrows(Json.JsonException.class, () -> Json.write("a\ud83d"));
        assertThrows(Json.JsonException.class, () -> Json.write("\ude00b"));
    }

    @Test
    void randomValuesRoundTripAndAgreeWithJackson() throws Exception {
        Random rng = new Random(7);
        ObjectMapper jackson = new ObjectMapper();
        for (int i = 0; i < 300; i++) {
            Object value = random(rng, 0);
            String text = Json.write(value);
            Object back = Json.parse(text);
            assertEquals(normalize(value), back, text);
            assertEquals(jackson.readTree(jackson.writeValueAsString(back)), jackson.readTree(text), text);
            assertEquals(text, Json.write(back));
        }
    }

    private static Object random(Random rng, int depth) {
        int kind = rng.nextInt(depth > 3 ? 6 : 8);
        return switch (kind) {
            case 0 -> rng.nextLong();
            case 1 -> rng.nextInt(100);
            case 2 -> (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(40) - 20);
            case 3 -> rng.nextBoolean();
            case 4 -> null;
            case 5 -> randomString(rng);
            case 6 -> {
                List<Object> l = new ArrayList<>();
                for (int j = rng.nextInt(4); j > 0; j--) l.add(random(rng, depth + 1));
                yield l;
            }
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int j = rng.nextInt(4); j > 0; j--) m.put(randomString(rng), random(rng, depth + 1));
                yield m;
            }
        };
    }

    private static String randomString(Random rng) {
        char[] pool = "aZ09 \"\\/\n\t\u0000\u001fé€😀".toCharArray();
        StringBuilder sb = new StringBuilder();
        for (int j = rng.nextInt(8); j > 0; j--) {
            char c = pool[rng.nextInt(pool.length)];
            if (Character.isSurrogate(c)) sb.append("😀");
            else sb.append(c);
        }
        return sb.toString();
    }

    /** What a written value reads back as: ints as longs. */
    private static Object normalize(Object v) {
        if (v instanceof Integer i) return (long) i;
        if (v instanceof List<?> l) return l.stream().map(JsonTest::normalize).toList();
        if (v instanceof Object[] a) return normalize(Arrays.asList(a));
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, normalize(x)));
            return out;
        }
        return v;
    }
}

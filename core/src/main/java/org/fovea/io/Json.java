package org.fovea.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and writer for checkpoint headers; the JDK has none.
 *
 * <p>Values map to Java as: object ↔ {@link Map} (read as an unmodifiable insertion-ordered map, keys
 * {@link String}), array ↔ {@link List}, string ↔ {@link String}, {@code true}/{@code false} ↔
 * {@link Boolean}, {@code null} ↔ {@code null}, number ↔ {@link Number}. A number read without fraction or
 * exponent that fits a long comes back as {@link Long}, every other number as {@link Double}; so an
 * {@code Integer} written comes back as a {@code Long}.
 *
 * <p>The reader rejects what lenient parsers let through: trailing commas, comments, single quotes,
 * leading zeros, control characters inside strings, unpaired surrogate escapes, duplicate keys, numbers
 * beyond the double range, nesting deeper than {@value #MAX_DEPTH}, and anything after the value but
 * whitespace. Errors are {@link JsonException}s carrying the character position.
 */
public final class Json {
    /** The deepest nesting of arrays and objects the reader accepts (a guard against stack overflow). */
    public static final int MAX_DEPTH = 256;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** A JSON text that cannot be parsed, or a Java value that cannot be written as JSON. */
    public static final class JsonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int position;

        JsonException(int position, String problem) {
            super(position < 0 ? problem : problem + " at character " + position);
            this.position = position;
        }

        /** The character index where reading failed, or -1 for a writing error. */
        public int position() { return position; }
    }

    // ---- reading ----------------------------------------------------------------------------------

    /** The value of a JSON text (any value at the top level, surrounded by optional whitespace). */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) throw p.error("unexpected " + p.describe(p.pos) + " after the JSON value");
        return value;
    }

    /** Parses a text that must hold a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Json p = new Json(text);
        p.skipWhitespace();
        if (p.pos >= text.length() || text.charAt(p.pos) != '{') throw p.error("expected a JSON object but found " + p.describe(p.pos));
        return (Map<String, Object>) parse(text);
    }

    private Object value(int depth) {
        if (pos >= text.length()) throw error("unexpected end of input, expected a value");
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("unexpected " + describe(pos) + ", expected a value");
            }
        };
    }

    private Map<String, Object> object(int depth) {
        if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') throw error("expected a string key but found " + describe(pos));
            int keyPos = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = value(depth);
            if (map.containsKey(key)) throw new JsonException(keyPos, "duplicate key \"" + key + "\"");
            map.put(key, value);
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') return Collections.unmodifiableMap(map);
            if (c != ',') throw new JsonException(pos - 1, "expected ',' or '}' in an object but found " + describe(pos - 1));
        }
    }

    private List<Object> array(int depth) {
        if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') return Collections.unmodifiableList(list);
            if (c != ',') throw new JsonException(pos - 1, "expected ',' or ']' in an array but found " + describe(pos - 1));
        }
    }

    private String string() {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw new JsonException(start, "unterminated string");
            char c = text.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c < 0x20) throw new JsonException(pos - 1, "unescaped control character U+" + hex4(c) + " in a string");
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) throw new JsonException(start, "unterminated string");
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    int escPos = pos - 2;
                    char u = hexEscape();
                    if (Character.isHighSurrogate(u)) {
                        if (!text.startsWith("\\u", pos)) throw new JsonException(escPos, "unpaired surrogate escape \\u" + hex4(u));
                        pos += 2;
                        char low = hexEscape();
                        if (!Character.isLowSurrogate(low)) throw new JsonException(escPos, "unpaired surrogate escape \\u" + hex4(u));
                        sb.append(u).append(low);
                    } else if (Character.isLowSurrogate(u)) {
                        throw new JsonException(escPos, "unpaired surrogate escape \\u" + hex4(u));
                    } else {
                        sb.append(u);
                    }
                }
                default -> throw new JsonException(pos - 2, "invalid escape \\" + e);
            }
        }
    }

    private char hexEscape() {
        if (pos + 4 > text.length()) throw error("truncated \\u escape");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            char h = text.charAt(pos + i);
            int d = h < 0x80 ? Character.digit(h, 16) : -1;
            if (d < 0) throw new JsonException(pos + i, "invalid hex digit " + describe(pos + i) + " in a \\u escape");
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Number number() {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) throw new JsonException(start, "leading zero in a number");
        } else if (isDigit(peek())) {
            while (isDigit(peek())) pos++;
        } else {
            throw error("expected a digit but found " + describe(pos));
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) throw error("expected a digit after '.' but found " + describe(pos));
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw error("expected a digit in the exponent but found " + describe(pos));
            while (isDigit(peek())) pos++;
        }
        String literal = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooBig) {
                // falls through to double
            }
        }
        double d = Double.parseDouble(literal);
        if (Double.isInfinite(d)) throw new JsonException(start, "number " + literal + " is beyond the double range");
        return d;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) throw error("unexpected " + describe(pos) + ", expected a value");
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) throw error("expected '" + c + "' but found " + describe(pos));
        pos++;
    }

    private char peek() { return pos < text.length() ? text.charAt(pos) : '\uFFFF'; }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private String describe(int at) {
        if (at >= text.length()) return "end of input";
        char c = text.charAt(at);
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : "character U+" + hex4(c);
    }

    private JsonException error(String problem) { return new JsonException(pos, problem); }

    private static String hex4(int c) { return String.format("%04X", c); }

    // ---- writing ----------------------------------------------------------------------------------

    /**
     * The compact JSON text of a value built from maps with string keys, lists (or arrays of objects),
     * strings, booleans, numbers and null. Non-finite numbers, other types and strings holding unpaired
     * surrogates are rejected with a message naming where in the value they are.
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "$", 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, String where, int depth) {
        if (depth > MAX_DEPTH) throw new JsonException(-1, where + ": nesting deeper than " + MAX_DEPTH);
        switch (value) {
            case null -> sb.append("null");
            case String s -> quote(sb, s, where);
            case Boolean b -> sb.append(b);
            case Long l -> sb.append(l);
            case Integer i -> sb.append(i);
            case Short s -> sb.append(s);
            case Byte b -> sb.append(b);
            case BigInteger i -> sb.append(i);
            case Double d -> sb.append(finite(d, where));
            case Float f -> sb.append(finite(f, where));
            case BigDecimal d -> sb.append(d);
            case Map<?, ?> map -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) throw new JsonException(-1, where + ": map key " + e.getKey() + " is not a String");
                    if (!first) sb.append(',');
                    first = false;
                    quote(sb, key, where);
                    sb.append(':');
                    write(sb, e.getValue(), where + "." + key, depth + 1);
                }
                sb.append('}');
            }
            case List<?> list -> writeArray(sb, list, where, depth);
            case Object[] array -> writeArray(sb, List.of(array), where, depth);
            default -> throw new JsonException(-1, where + ": cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void writeArray(StringBuilder sb, List<?> list, String where, int depth) {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) sb.append(',');
            write(sb, list.get(i), where + "[" + i + "]", depth + 1);
        }
        sb.append(']');
    }

    private static String finite(double d, String where) {
        if (!Double.isFinite(d)) throw new JsonException(-1, where + ": " + d + " is not representable in JSON");
        return Double.toString(d);
    }

    private static String finite(float f, String where) {
        if (!Float.isFinite(f)) throw new JsonException(-1, where + ": " + f + " is not representable in JSON");
        return Float.toString(f);
    }

    private static void quote(StringBuilder sb, String s, String where) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u").append(hex4(c).toLowerCase());
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new JsonException(-1, where + ": string holds an unpaired surrogate U+" + hex4(c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

package org.fovea.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a text file for training, refusing what is not text with an error that names the file: a missing
 * or empty file (or one of whitespace only), a binary file (a NUL byte, or more than 1 % control characters
 * other than tab, line feed, form feed and carriage return) and bytes that are not UTF-8 (with the offset
 * of the first bad byte). A leading byte-order mark is dropped.
 */
public final class TextFiles {
    private TextFiles() {}

    public static String readUtf8(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such text file");
        }
        return decode(file.toString(), bytes);
    }

    /** The checks of {@link #readUtf8} on bytes already read; {@code name} names them in errors. */
    public static String decode(String name, byte[] bytes) {
        if (bytes.length == 0) throw new IllegalArgumentException(name + " is empty: a text file with at least one character is needed");
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new IllegalArgumentException(name + " looks binary, not text: a NUL byte at offset " + i);
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s is not UTF-8 text: invalid byte 0x%02X at offset %d (convert it first, e.g. iconv -f latin1 -t utf-8)",
                    name, bytes[at] & 0xff, at));
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        if (text.isBlank()) throw new IllegalArgumentException(name + " holds only whitespace: a text file with some text is needed");
        long control = text.chars().filter(c -> (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || c == 0x7f).count();
        if (control * 100 > text.length()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s looks binary, not text: %d of its %d characters are control characters", name, control, text.length()));
        }
        return text;
    }
}

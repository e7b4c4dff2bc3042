package org.fovea.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {
    @TempDir Path dir;

    private String error(byte[] bytes) throws IOException {
        Path f = dir.resolve("input.txt");
        Files.write(f, bytes);
        String msg = assertThrows(IllegalArgumentException.class, () -> TextFiles.readUtf8(f)).getMessage();
        assertTrue(msg.contains(f.toString()), "names the file: " + msg);
        return msg;
    }

    @Test
    void readsUtf8AndDropsAByteOrderMark() throws IOException {
        Path f = dir.resolve("ok.txt");
        Files.write(f, ("\uFEFFCall me Ishmael—\n").getBytes(StandardCharsets.UTF_8));
        assertEquals("Call me Ishmael—\n", TextFiles.readUtf8(f));
    }

    @Test
    void refusesEmptyAndBlankFiles() throws IOException {
        assertTrue(error(new byte[0]).contains("is empty"));
        assertTrue(error(" \n\t\n".getBytes(StandardCharsets.US_ASCII)).contains("only whitespace"));
    }

    @Test
    void refusesBinaryFiles() throws IOException {
        assertTrue(error(new byte[] {'a', 'b', 0, 'c'}).contains("NUL byte at offset 2"));
        byte[] controls = new byte[200];
        for (int i = 0; i < controls.length; i++) controls[i] = (byte) (i % 3 == 0 ? 0x01 : 'x');
        assertTrue(error(controls).contains("control characters"));
    }

    @Test
    void refusesLatin1WithTheOffsetOfTheBadByte() throws IOException {
        byte[] latin1 = "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1);
        String msg = error(latin1);
        assertTrue(msg.contains("not UTF-8") && msg.contains("0xE9") && msg.contains("offset 3"), msg);
    }

    @Test
    void namesAMissingFile() {
        Path f = dir.resolve("absent.txt");
        assertTrue(assertThrows(NoSuchFileException.class, () -> TextFiles.readUtf8(f)).getMessage().contains("absent.txt"));
    }
}

package org.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir Path dir;

    private IdxFile images(int n) {
        byte[] d = new byte[n * 4 * 3];
        for (int i = 0; i < d.length; i++) d[i] = (byte) (i * 7);
        return new IdxFile(new int[] {n, 4, 3}, d);
    }

    private IdxFile labels(int... y) {
        byte[] d = new byte[y.length];
        for (int i = 0; i < y.length; i++) d[i] = (byte) y[i];
        return new IdxFile(new int[] {y.length}, d);
    }

    @Test
    void roundTripsRawAndGzipDetectedByMagicNotName() {
        IdxFile f = images(5);
        f.write(dir.resolve("raw.gz"), false);      // misleading name: raw bytes
        f.write(dir.resolve("packed"), true);       // gzip without .gz
        for (String name : new String[] {"raw.gz", "packed"}) {
            IdxFile back = IdxFile.read(dir.resolve(name));
            assertArrayEquals(f.dims(), back.dims());
            assertArrayEquals(f.data(), back.data());
        }
    }

    @Test
    void readsADatasetWithScaledPixelsAndLabels() {
        images(3).write(dir.resolve("i"), true);
        labels(2, 0, 1).write(dir.resolve("l"), false);
        ImageDataset d = IdxFile.readDataset(dir.resolve("i"), dir.resolve("l"), TestData.classNames(3));
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {1, 4, 3}, d.imageShape());
        assertEquals(2, d.get(0).label());
        assertEquals(((byte) (12 * 7) & 0xff) / 255f, d.get(1).image().get(0, 0, 0), 0f);
    }

    private String failure(Path file) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFile.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), "message names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void rejectsAZeroByteFile() throws IOException {
        Path f = Files.write(dir.resolve("empty"), new byte[0]);
        assertTrue(failure(f).contains("empty"));
    }

    @Test
    void rejectsAWrongMagicNumber() throws IOException {
        Path f = Files.write(dir.resolve("png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 1});
        assertTrue(failure(f).contains("magic"));
    }

    @Test
    void rejectsNonByteElementTypes() throws IOException {
        Path f = Files.write(dir.resolve("floats"), new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0});
        assertTrue(failure(f).contains("0x0D"));
    }

    @Test
    void rejectsTruncatedDataAndHeader() throws IOException {
        images(4).write(dir.resolve("full"), false);
        byte[] all = Files.readAllBytes(dir.resolve("full"));
        Path cut = Files.write(dir.resolve("cut"), Arrays.copyOf(all, all.length - 5));
        assertTrue(failure(cut).contains("truncated"));
        Path header = Files.write(dir.resolve("header"), Arrays.copyOf(all, 9));
        assertTrue(failure(header).contains("truncated header"));
        Path extra = Files.write(dir.resolve("extra"), Arrays.copyOf(all, all.length + 3));
        assertTrue(failure(extra).contains("3 unexpected bytes"));
    }

    @Test
    void rejectsATruncatedGzipStream() throws IOException {
        images(50).write(dir.resolve("full.gz"), true);
        byte[] all = Files.readAllBytes(dir.resolve("full.gz"));
        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(all, all.length / 2));
        assertTrue(failure(cut).contains("gzip"));
    }

    @Test
    void rejectsCountMismatchWrongRankAndLabelsOutOfRange() {
        images(3).write(dir.resolve("i"), false);
        labels(0, 1).write(dir.resolve("l2"), false);
        labels(0, 1, 9).write(dir.resolve("l9"), false);
        DataFormatException count = assertThrows(DataFormatException.class,
                () -> IdxFile.readDataset(dir.resolve("i"), dir.resolve("l2"), TestData.classNames(3)));
        assertTrue(count.getMessage().contains("2 labels for 3 images"), count.getMessage());
        DataFormatException range = assertThrows(DataFormatException.class,
                () -> IdxFile.readDataset(dir.resolve("i"), dir.resolve("l9"), TestData.classNames(3)));
        assertTrue(range.getMessage().contains("label 9 of item 2"), range.getMessage());
        DataFormatException swapped = assertThrows(DataFormatException.class,
                () -> IdxFile.readDataset(dir.resolve("l9"), dir.resolve("i"), TestData.classNames(3)));
        assertTrue(swapped.getMessage().contains("3 dimensions"), swapped.getMessage());
    }
}

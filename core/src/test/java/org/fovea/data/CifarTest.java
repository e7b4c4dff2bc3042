package org.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarTest {
    @TempDir Path dir;

    /** Records whose label bytes are given and whose red plane is r, green r+1, blue r+2 (r = record index). */
    private static byte[] records(int labelBytes, int[][] labels) {
        int rec = labelBytes + 3072;
        byte[] out = new byte[labels.length * rec];
        for (int r = 0; r < labels.length; r++) {
            for (int k = 0; k < labelBytes; k++) out[r * rec + k] = (byte) labels[r][k];
            for (int c = 0; c < 3; c++) Arrays.fill(out, r * rec + labelBytes + c * 1024, r * rec + labelBytes + (c + 1) * 1024, (byte) (r + c));
        }
        return out;
    }

    @Test
    void readsCifar10RecordsAcrossBatchesAndMetaNames() throws IOException {
        Files.write(dir.resolve("data_batch_1.bin"), records(1, new int[][] {{3}, {9}}));
        Files.write(dir.resolve("data_batch_2.bin"), records(1, new int[][] {{0}}));
        Files.write(dir.resolve("test_batch.bin"), records(1, new int[][] {{5}}));
        Files.writeString(dir.resolve("batches.meta.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n");
        Map<String, ImageDataset> s = Cifar.cifar10Directory(dir);
        ImageDataset train = s.get("train");
        assertEquals(3, train.size());
        assertArrayEquals(new int[] {3, 9, 0}, train.labels());
        assertArrayEquals(new int[] {3, 32, 32}, train.imageShape());
        assertEquals(1 / 255f, train.get(1).image().get(0, 5, 5), 0f);
        assertEquals(3 / 255f, train.get(1).image().get(2, 31, 31), 0f);
        assertEquals(1, s.get("test").size());
        assertEquals("d", train.classes().get(3));
    }

    @Test
    void readsCifar100FineAndCoarseLabels() throws IOException {
        Path f = Files.write(dir.resolve("train.bin"), records(2, new int[][] {{4, 77}, {19, 3}}));
        assertArrayEquals(new int[] {77, 3}, Cifar.readCifar100(List.of(f), true, TestData.classNames(100)).labels());
        assertArrayEquals(new int[] {4, 19}, Cifar.readCifar100(List.of(f), false, TestData.classNames(20)).labels());
        assertEquals(2, Cifar.cifar100Directory(dir).get("train").size());
    }

    @Test
    void rejectsATruncatedBatchNamingTheFile() throws IOException {
        byte[] ok = records(1, new int[][] {{1}, {2}});
        Path f = Files.write(dir.resolve("data_batch_1.bin"), Arrays.copyOf(ok, ok.length - 100));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar.readCifar10(List.of(f), TestData.classNames(10)));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsALabelOutOfRangeAndAnEmptyFile() throws IOException {
        Path bad = Files.write(dir.resolve("bad.bin"), records(1, new int[][] {{1}, {200}}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar.readCifar10(List.of(bad), TestData.classNames(10)));
        assertTrue(e.getMessage().contains("label 200 of record 1"), e.getMessage());
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        assertTrue(assertThrows(DataFormatException.class, () -> Cifar.readCifar10(List.of(empty), TestData.classNames(10))).getMessage().contains("empty"));
    }

    @Test
    void rejectsADirectoryWithoutBatches() {
        assertThrows(DataFormatException.class, () -> Cifar.cifar10Directory(dir));
    }
}

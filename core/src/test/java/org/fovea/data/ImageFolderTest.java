package org.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir Path root;

    private Path classDir(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }

    @Test
    void readsSortedClassesWithExactRgbValues() throws IOException {
        TestData.writeRgb(classDir("zebra").resolve("b.png"), 4, 3, "png");
        TestData.writeRgb(classDir("ant").resolve("a.bmp"), 4, 3, "bmp");
        TestData.writeRgb(root.resolve("ant").resolve("c.png"), 4, 3, "png");
        Files.writeString(root.resolve("ant").resolve("notes.txt"), "ignored");
        ImageFolder f = ImageFolder.read(root, ImageFolder.Options.defaults());
        ImageDataset d = f.dataset();
        assertEquals(List.of("ant", "zebra"), d.classes());
        assertArrayEquals(new int[] {0, 0, 1}, d.labels());
        assertArrayEquals(new int[] {3, 3, 4}, d.imageShape());
        Tensor img = d.get(2).image();
        assertEquals(30 / 255f, img.get(0, 1, 3), 0f);   // red = 10·x at x = 3
        assertEquals(20 / 255f, img.get(1, 2, 0), 0f);   // green = 10·y at y = 2
        assertEquals(200 / 255f, img.get(2, 0, 0), 0f);
        assertTrue(f.skipped().isEmpty());
    }

    @Test
    void resizesAndConvertsToGrey() throws IOException {
        TestData.writeRgb(classDir("a").resolve("big.png"), 20, 10, "png");
        TestData.writeRgb(classDir("b").resolve("small.jpg"), 5, 7, "jpg");
        ImageDataset d = ImageFolder.read(root, new ImageFolder.Options(8, 6, true, false)).dataset();
        assertArrayEquals(new int[] {1, 8, 6}, d.imageShape());
        assertEquals(2, d.size());
        float luma = (0.299f * 0 + 0.587f * 0 + 0.114f * 200) / 255f;   // the top-left pixel of "big" is (0, 0, 200)
        assertEquals(luma, d.get(0).image().get(0, 0, 0), 0.03f);
    }

    @Test
    void rejectsMixedSizesWithoutResizeNamingTheFile() throws IOException {
        TestData.writeRgb(classDir("a").resolve("1.png"), 4, 4, "png");
        TestData.writeRgb(classDir("b").resolve("2.png"), 5, 4, "png");
        DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolder.read(root, ImageFolder.Options.defaults()));
        assertTrue(e.getMessage().contains("2.png") && e.getMessage().contains("mixed sizes"), e.getMessage());
    }

    @Test
    void rejectsAnEmptyClassFolder() throws IOException {
        TestData.writeRgb(classDir("a").resolve("1.png"), 4, 4, "png");
        classDir("empty");
        DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolder.read(root, ImageFolder.Options.defaults()));
        assertTrue(e.getMessage().contains("empty") && e.getMessage().contains("no PNG"), e.getMessage());
    }

    @Test
    void rejectsARootWithoutClassFolders() {
        assertThrows(DataFormatException.class, () -> ImageFolder.read(root, ImageFolder.Options.defaults()));
    }

    @Test
    void failsOnZeroByteAndCorruptImagesUnlessSkipping() throws IOException {
        TestData.writeRgb(classDir("a").resolve("good.png"), 4, 4, "png");
        Files.write(root.resolve("a").resolve("zero.png"), new byte[0]);
        Files.writeString(classDir("b").resolve("junk.jpg"), "not a jpeg at all");
        TestData.writeRgb(root.resolve("b").resolve("fine.png"), 4, 4, "png");
        DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolder.read(root, ImageFolder.Options.defaults()));
        assertTrue(e.getMessage().contains("zero.png") && e.getMessage().contains("zero-byte"), e.getMessage());

        ImageFolder f = ImageFolder.read(root, new ImageFolder.Options(0, 0, false, true));
        assertEquals(2, f.dataset().size());
        assertArrayEquals(new int[] {0, 1}, f.dataset().labels());
        assertEquals(2, f.skipped().size());
        assertTrue(f.skipped().get(0).endsWith("zero.png") && f.skipped().get(1).endsWith("junk.jpg"), f.skipped().toString());
    }

    @Test
    void aClassWhoseImagesAreAllUnreadableIsAnErrorEvenWhenSkipping() throws IOException {
        TestData.writeRgb(classDir("a").resolve("good.png"), 4, 4, "png");
        Files.write(classDir("b").resolve("zero.png"), new byte[0]);
        DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolder.read(root, new ImageFolder.Options(0, 0, false, true)));
        assertTrue(e.getMessage().contains("no readable images"), e.getMessage());
    }
}

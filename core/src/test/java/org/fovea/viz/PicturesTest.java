package org.fovea.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.fovea.tensor.Tensor;
import org.fovea.zoo.LeNet5;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pictures are valid PNG files of the documented sizes. */
class PicturesTest {
    @TempDir Path dir;

    private static BufferedImage readPng(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, java.util.Arrays.copyOf(bytes, 8), "PNG signature");
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, "decodes");
        return img;
    }

    @Test
    void filterGridOfLeNetIsTwoRowsOfThreeEnlargedTiles() throws Exception {
        Probe probe = new Probe(new LeNet5(1, 28, 10, new SplittableRandom(1)), null, new int[] {1, 28, 28});
        assertEquals("0", probe.firstConvLayer());
        Tensor grid = Filters.layerWeights(probe, "0", 0, 8);
        // 6 tiles of 5×5 enlarged 8 times, ⌈√6⌉ = 3 columns: 2·(40 + 2) + 2 by 3·(40 + 2) + 2.
        assertArrayEquals(new int[] {1, 86, 128}, grid.shape());
        Path file = dir.resolve("filters.png");
        Pictures.writePng(grid, file);
        BufferedImage img = readPng(file);
        assertEquals(128, img.getWidth());
        assertEquals(86, img.getHeight());
        Pictures.writePng(grid, "conv1 filters", dir.resolve("captioned.png"));
        assertEquals(86 + Pictures.CAPTION_HEIGHT, readPng(dir.resolve("captioned.png")).getHeight());
        // Deeper layer: 16 filters × 6 input channels, one grey tile each, a row per filter.
        assertArrayEquals(new int[] {1, 16 * 12 + 2, 6 * 12 + 2}, Filters.layerWeights(probe, "3", 0, 2).shape());
    }

    @Test
    void rgbFiltersAreColourTilesAndActivationsOneTilePerChannel() {
        Tensor w = Tensor.randn(new SplittableRandom(2), 96, 3, 11, 11);
        assertArrayEquals(new int[] {3, 10 * 13 + 2, 10 * 13 + 2}, Filters.weightGrid(w, 0, 1).shape(), "96 tiles in 10 columns, 10 rows");
        Probe probe = new Probe(new LeNet5(1, 28, 10, new SplittableRandom(1)), null, new int[] {1, 28, 28});
        Tensor image = Tensor.rand(new SplittableRandom(3), 1, 28, 28);
        assertArrayEquals(new int[] {1, 2 * 30 + 2, 3 * 30 + 2}, Filters.activationGrid(probe, image, "1", 0, 1).shape(), "6 maps of 28×28");
        assertArrayEquals(new int[] {1, 10 + 4, 10 + 4}, Filters.activationGrid(probe, image, "10", 0, 1).shape(), "84 features in a 10×10 tile");
    }

    @Test
    void heatMapsAndOverlaysAreRgbOfTheImageSize() {
        Tensor map = Tensor.rand(new SplittableRandom(4), 7, 7);
        Tensor heat = Pictures.heat(map);
        assertArrayEquals(new int[] {3, 7, 7}, heat.shape());
        Tensor over = Pictures.overlay(Tensor.rand(new SplittableRandom(5), 1, 28, 28), map, 0.5f);
        assertArrayEquals(new int[] {3, 28, 28}, over.shape());
        assertArrayEquals(new int[] {1, 6, 9}, Pictures.enlarge(Tensor.zeros(1, 2, 3), 3).shape());
    }
}

package org.fovea.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Small synthetic datasets and image files for the data tests. */
final class TestData {
    private TestData() {}

    /** n random byte images of (c, h, w) with labels i mod classes. */
    static ImageDataset random(int n, int c, int h, int w, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] px = new byte[n * c * h * w];
        for (int i = 0; i < px.length; i++) px[i] = (byte) rng.nextInt(256);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % classes;
        return new ImageDataset("test", px, new int[] {c, h, w}, labels, classNames(classes));
    }

    /** Item i is filled with the value i (mod 256), label i mod classes: easy to recognise in a batch. */
    static ImageDataset indexed(int n, int c, int h, int w, int classes) {
        int per = c * h * w;
        byte[] px = new byte[n * per];
        for (int i = 0; i < n; i++) java.util.Arrays.fill(px, i * per, (i + 1) * per, (byte) i);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % classes;
        return new ImageDataset("indexed", px, new int[] {c, h, w}, labels, classNames(classes));
    }

    static List<String> classNames(int k) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) names.add("c" + i);
        return names;
    }

    /** Writes a w×h RGB image whose pixel (x, y) is (x·10, y·10, 200) in the given format. */
    static void writeRgb(Path file, int w, int h, String format) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, (x * 10) << 16 | (y * 10) << 8 | 200);
        try {
            if (!ImageIO.write(img, format, file.toFile())) throw new IOException("no writer for " + format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

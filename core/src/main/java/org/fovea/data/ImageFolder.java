package org.fovea.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.fovea.tensor.Tensor;

/**
 * A dataset read from one sub-folder per class (as torchvision's ImageFolder): classes are the sub-folder
 * names in sorted order, images the PNG, JPEG and BMP files inside, in sorted order; other files are
 * ignored. Images are optionally resized (bilinear) to one size; without resizing they must all be equal.
 *
 * <p>Shape: every image is (C, height, width), C = 1 for grey or 3 for RGB.
 *
 * @param dataset the images, as bytes in memory
 * @param skipped the files left out because they could not be decoded (only with {@code skipUnreadable})
 */
public record ImageFolder(ImageDataset dataset, List<String> skipped) {
    private static final System.Logger LOG = System.getLogger(ImageFolder.class.getName());

    /**
     * @param height         resize every image to this height; 0 keeps the size (all images must agree)
     * @param width          resize width, 0 when height is 0
     * @param grayscale      one channel (luma) instead of RGB
     * @param skipUnreadable leave out (and count, with a warning) files that do not decode, instead of failing
     */
    public record Options(int height, int width, boolean grayscale, boolean skipUnreadable) {
        public Options {
            if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
                throw new IllegalArgumentException("ImageFolder.Options: height and width must both be > 0 (resize) or both 0 (keep), got " + height + "x" + width);
            }
        }

        /** Keep sizes, RGB, fail on unreadable files. */
        public static Options defaults() { return new Options(0, 0, false, false); }
    }

    public ImageFolder {
        skipped = List.copyOf(skipped);
    }

    public static ImageFolder read(Path root, Options options) {
        List<Path> classDirs = list(root, Files::isDirectory);
        if (classDirs.isEmpty()) throw new DataFormatException(root.toString(), "no class sub-folders (want one folder of images per class)");
        List<String> classes = new ArrayList<>();
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int channels = options.grayscale ? 1 : 3;
        int[] size = options.height > 0 ? new int[] {options.height, options.width} : null;
        String firstFile = null;
        for (Path dir : classDirs) {
            int label = classes.size();
            classes.add(dir.getFileName().toString());
            List<Path> files = list(dir, ImageFolder::isImageFile);
            int kept = 0;
            for (Path f : files) {
                int[] hw = new int[2];
                byte[] bytes;
                try {
                    bytes = Images.readBytes(f, channels, hw);
                } catch (DataFormatException e) {
                    if (!options.skipUnreadable) throw e;
                    LOG.log(System.Logger.Level.WARNING, "skipping " + e.getMessage());
                    skipped.add(f.toString());
                    continue;
                }
                if (options.height > 0) {
                    bytes = resize(bytes, channels, hw, options.height, options.width);
                } else if (size == null) {
                    size = hw;
                    firstFile = f.toString();
                } else if (size[0] != hw[0] || size[1] != hw[1]) {
                    throw new DataFormatException(f.toString(), "image is " + hw[1] + "x" + hw[0] + " but " + firstFile + " is " + size[1] + "x" + size[0]
                            + "; images of mixed sizes need a resize (height and width options)");
                }
                images.add(bytes);
                labels.add(label);
                kept++;
            }
            if (kept == 0) {
                throw new DataFormatException(dir.toString(), files.isEmpty() ? "class folder holds no PNG, JPEG or BMP images"
                        : "class folder holds no readable images (" + files.size() + " skipped)");
            }
        }
        int per = channels * size[0] * size[1];
        byte[] pixels = new byte[images.size() * per];
        for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i), 0, pixels, i * per, per);
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return new ImageFolder(new ImageDataset(root.toString(), pixels, new int[] {channels, size[0], size[1]}, y, classes), skipped);
    }

    private static byte[] resize(byte[] bytes, int channels, int[] hw, int height, int width) {
        if (hw[0] == height && hw[1] == width) return bytes;
        float[] f = new float[bytes.length];
        ImageDataset.scaleToUnit(bytes, 0, f, 0, f.length);
        float[] r = ImageOps.resize(Tensor.wrap(f, channels, hw[0], hw[1]), height, width).data();
        byte[] out = new byte[r.length];
        for (int i = 0; i < r.length; i++) out[i] = (byte) Math.round(Math.min(1f, Math.max(0f, r[i])) * 255f);
        return out;
    }

    private static boolean isImageFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && !n.startsWith(".")
                && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp"));
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
        if (!Files.isDirectory(dir)) throw new DataFormatException(dir.toString(), "not a directory");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).filter(keep).sorted().toList();
        } catch (IOException e) {
            throw new DataFormatException(dir.toString(), "cannot list: " + e, e);
        }
    }
}

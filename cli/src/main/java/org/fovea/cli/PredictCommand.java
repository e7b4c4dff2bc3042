package org.fovea.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.fovea.autograd.GradMode;
import org.fovea.data.ImageOps;
import org.fovea.data.Images;
import org.fovea.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fovea predict --checkpoint C IMAGE…}: the five most probable classes (softmax of the scores) of
 * each image file. An image is decoded by javax.imageio (PNG, JPEG, BMP, GIF), turned grey (ITU-R 601 luma)
 * or RGB as the model takes, resized to the model's square input by bilinear interpolation (halving first
 * while it is more than twice too large, so large photos are averaged rather than aliased; a non-square
 * image is stretched, not cropped) and normalised as in training. Nothing else is done: in particular no
 * inversion, so an image for a Fashion-MNIST model must be, like its training images, a light object on a
 * black background. Every image is read before any prediction is printed.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Prints the top-5 classes, with probabilities, that a checkpoint predicts for each image file.",
                "Images are converted to the model's channels and size and normalised as in training, but not inverted:"
                        + " Fashion-MNIST models expect light objects on a black background."})
final class PredictCommand implements Callable<Integer> {
    static final int TOP = 5;

    @Mixin CommonOptions common;
    @Option(names = "--checkpoint", required = true, description = "Checkpoint written by fovea train (e.g. runs/X/best.safetensors), or an .onnx file.")
    Path checkpoint;
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files: PNG, JPEG, BMP or GIF.")
    List<Path> images;

    @Override
    public Integer call() throws IOException {
        CheckpointModels.Loaded ckpt = CheckpointModels.load(checkpoint);
        List<Tensor> inputs = new ArrayList<>();
        for (Path file : images) inputs.add(input(file, ckpt.channels(), ckpt.size()));
        warnIfInverted(ckpt, inputs);
        List<String> names = ckpt.classNames();
        for (int i = 0; i < images.size(); i++) {
            float[] p = probabilities(ckpt, inputs.get(i));
            int[] top = IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble(c -> -p[c]))
                    .limit(TOP).mapToInt(Integer::intValue).toArray();
            if (common.json) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (int c : top) list.add(Json.object("class", names.get(c), "probability", (double) p[c]));
                Json.print(System.out, Json.object("name", "predict", "file", images.get(i).toString(), "top5", list));
            } else {
                System.out.println(images.get(i));
                for (int k = 0; k < top.length; k++) {
                    System.out.printf(Locale.ROOT, "  %d. %-20s %6.2f %%%n", k + 1, names.get(top[k]), 100 * p[top[k]]);
                }
            }
        }
        return 0;
    }

    /** The file as the model's (C, size, size) input in [0, 1], before normalisation. */
    static Tensor input(Path file, int channels, int size) throws IOException {
        if (Files.isDirectory(file)) throw new IOException(file + ": a directory, not an image file");
        if (!Files.exists(file)) throw new FileNotFoundException("image not found: " + file);
        Tensor x = Images.read(file, channels);
        while (x.size(1) >= 2 * size && x.size(2) >= 2 * size) x = ImageOps.resize(x, x.size(1) / 2, x.size(2) / 2);
        return ImageOps.resize(x, size, size);
    }

    private static float[] probabilities(CheckpointModels.Loaded ckpt, Tensor image) {
        Tensor x = ckpt.normalization().apply(image).unsqueeze(0);
        try (var scope = GradMode.noGrad()) {
            return ckpt.model().forward(x).softmax(1).data().contiguous().toArray();
        }
    }

    /** A note on stderr when an image is mostly light but the training images were mostly dark, or the reverse. */
    private void warnIfInverted(CheckpointModels.Loaded ckpt, List<Tensor> inputs) {
        float[] mean = ckpt.normalization().mean();
        double trainMean = 0;
        for (float m : mean) trainMean += m / mean.length;
        for (int i = 0; i < inputs.size(); i++) {
            double m = 0;
            for (float v : inputs.get(i).data()) m += v;
            m /= inputs.get(i).numel();
            if (Math.abs(m - trainMean) > 0.4) {
                System.err.printf(Locale.ROOT, "note: %s has mean brightness %.2f but the training images %.2f; predict does not invert images%n",
                        images.get(i), m, trainMean);
            }
        }
    }
}

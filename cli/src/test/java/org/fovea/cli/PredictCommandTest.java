package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.autograd.GradMode;
import org.fovea.data.DataSets;
import org.fovea.data.Dataset;
import org.fovea.data.Images;
import org.fovea.data.Normalization;
import org.fovea.io.Checkpoint;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;
import org.fovea.zoo.Models;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fovea predict on a LeNet-5 checkpoint written here with the metadata fovea train writes (untrained
 * weights: the test checks the image pipeline against the model run directly, not the accuracy).
 */
class PredictCommandTest {
    @TempDir static Path dir;
    static Path ckpt;
    static Module model;
    static Normalization norm;
    static Dataset test;

    @BeforeAll
    static void writeCheckpoint() throws Exception {
        var source = DataSets.embeddedFashionMnist();
        test = source.test();
        norm = Normalization.perChannel(source.train().head(500));
        Map<String, Object> config = new LinkedHashMap<>(Map.of("channels", 1, "size", 28, "classes", 10));
        model = Models.create("lenet5", config, new SplittableRandom(3));
        model.eval();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(Checkpoint.MODEL_NAME, "lenet5");
        meta.put(Checkpoint.MODEL_CONFIG, config);
        meta.put(Checkpoint.NORMALIZATION, norm.toMap());
        meta.put(Checkpoint.CLASS_NAMES, DataSets.FASHION_MNIST_CLASSES);
        ckpt = dir.resolve("model.safetensors");
        new Checkpoint(model.stateDict(), Map.of(), meta).save(ckpt);
        for (int i = 0; i < 2; i++) Images.writePng(test.get(i).image(), dir.resolve("test" + i + ".png"));
    }

    private static void assertCleanError(CommandRunner.Result r, String expected) {
        assertEquals(2, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertTrue(lines[lines.length - 1].startsWith("fovea predict: "), "the error is the last line: " + r.err());
        assertTrue(r.err().contains(expected), "want \"" + expected + "\" in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("", r.out(), "nothing is predicted before every image is read");
    }

    @Test
    void topFiveMatchTheModelOnTheDataSetImages() {
        String[] files = {dir.resolve("test0.png").toString(), dir.resolve("test1.png").toString()};
        CommandRunner.Result r = CommandRunner.run("predict", "--checkpoint", ckpt.toString(), "--json", files[0], files[1]);
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.json().size(), r.out());
        for (int i = 0; i < 2; i++) {
            JsonNode p = r.json().get(i);
            assertEquals("predict", p.get("name").asText());
            assertEquals(files[i], p.get("file").asText());
            float[] expected;
            try (var scope = GradMode.noGrad()) {
                expected = model.forward(norm.apply(test.get(i).image()).unsqueeze(0)).softmax(1).data().toArray();
            }
            JsonNode top = p.get("top5");
            assertEquals(5, top.size());
            for (int k = 0; k < 5; k++) {
                int c = DataSets.FASHION_MNIST_CLASSES.indexOf(top.get(k).get("class").asText());
                assertEquals(expected[c], top.get(k).get("probability").asDouble(), 1e-6, "8-bit PNG round trip is exact");
                if (k > 0) assertTrue(top.get(k).get("probability").asDouble() <= top.get(k - 1).get("probability").asDouble());
                for (float q : expected) if (q > expected[c]) assertTrue(k > 0, "the first is the most probable class");
            }
        }
    }

    @Test
    void printsRankedClassesPerFile() {
        Path png = dir.resolve("test0.png");
        CommandRunner.Result r = CommandRunner.run("predict", "--checkpoint", ckpt.toString(), png.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(6, lines.length, r.out());
        assertEquals(png.toString(), lines[0]);
        assertTrue(lines[1].startsWith("  1. ") && lines[5].startsWith("  5. ") && lines[1].endsWith("%"), r.out());
    }

    @Test
    void convertsColourAndSizeAndAveragesWhenShrinking() throws Exception {
        Path rgb = dir.resolve("rgb.png");
        Images.writePng(Tensor.rand(new SplittableRandom(4), 3, 100, 60), rgb);
        assertArrayEquals(new int[] {1, 28, 28}, PredictCommand.input(rgb, 1, 28).shape());
        assertArrayEquals(new int[] {3, 32, 32}, PredictCommand.input(rgb, 3, 32).shape());
        // One bright column in four: a box average gives 0.25 everywhere; plain bilinear sampling would give 0.
        float[] stripes = new float[112 * 112];
        for (int i = 0; i < stripes.length; i += 4) stripes[i] = 1f;
        Path striped = dir.resolve("stripes.png");
        Images.writePng(Tensor.wrap(stripes, 1, 112, 112), striped);
        for (float v : PredictCommand.input(striped, 1, 28).toArray()) assertEquals(0.25f, v, 1e-6f);
        CommandRunner.Result r = CommandRunner.run("predict", "--checkpoint", ckpt.toString(), rgb.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.json().size());
    }

    @Test
    void warnsThatDarkOnLightImagesAreNotInverted() throws Exception {
        Path white = dir.resolve("white.png");
        Images.writePng(Tensor.ones(1, 28, 28), white);
        CommandRunner.Result r = CommandRunner.run("predict", "--checkpoint", ckpt.toString(), white.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("predict does not invert images"), r.err());
    }

    @Test
    void missingOrUnreadableFilesAreNamed() throws Exception {
        String good = dir.resolve("test0.png").toString();
        Path missing = dir.resolve("missing.png");
        assertCleanError(CommandRunner.run("predict", "--checkpoint", ckpt.toString(), good, missing.toString()), "image not found: " + missing);
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        assertCleanError(CommandRunner.run("predict", "--checkpoint", ckpt.toString(), good, text.toString()), text + ": not a PNG, JPEG");
        Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);
        assertCleanError(CommandRunner.run("predict", "--checkpoint", ckpt.toString(), empty.toString()), empty + ": empty");
        assertCleanError(CommandRunner.run("predict", "--checkpoint", ckpt.toString(), dir.toString()), "a directory, not an image file");
        Path noCkpt = dir.resolve("none.safetensors");
        assertCleanError(CommandRunner.run("predict", "--checkpoint", noCkpt.toString(), good), "checkpoint not found: " + noCkpt);
        CommandRunner.Result noImages = CommandRunner.run("predict", "--checkpoint", ckpt.toString());
        assertEquals(2, noImages.code());
        assertTrue(noImages.err().contains("Missing required parameter"), noImages.err());
    }
}

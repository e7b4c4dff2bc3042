package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fovea data info} and {@code fovea augment}. */
class DataCommandTest {
    @Test
    void jsonInfoIsOneObjectPerSplitOnStdout() throws Exception {
        CommandRunner.Result r = CommandRunner.run("data", "info", "--data", "fashion-mnist-embedded", "--json", "--sample", "500", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode train = mapper.readTree(lines.get(0));
        assertEquals("data.info", train.get("name").asText());
        assertEquals("train", train.get("split").asText());
        assertEquals(10000, train.get("count").asInt());
        assertArrayEquals(new int[] {1, 28, 28}, mapper.treeToValue(train.get("shape"), int[].class));
        assertEquals("Ankle boot", train.get("classes").get(9).asText());
        int total = 0;
        for (JsonNode c : train.get("histogram")) total += c.asInt();
        assertEquals(10000, total);
        double mean = train.get("mean").get(0).asDouble();
        assertTrue(mean > 0.2 && mean < 0.4, "Fashion-MNIST pixel mean is about 0.29: " + mean);
        assertEquals(500, train.get("stats_images").asInt());
        assertEquals("test", mapper.readTree(lines.get(1)).get("split").asText());
        assertTrue(r.err().contains("embedded"), r.err());
    }

    @Test
    void humanInfoShowsTheHistogramAndUnknownDataIsAClearError() {
        CommandRunner.Result r = CommandRunner.run("data", "info", "--data", "fashion-mnist-embedded");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("train: 10000 images of 1x28x28") && r.out().contains("Ankle boot"), r.out());
        CommandRunner.Result bad = CommandRunner.run("data", "info", "--data", "nope");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown data \"nope\"") && bad.err().contains("cifar10"), bad.err());
    }

    @Test
    void augmentWritesAGridPng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("grid.png");
        CommandRunner.Result r = CommandRunner.run("augment", "--data", "fashion-mnist-embedded", "--transform", "flip,crop=4,rotate=10", "--out", png.toString(),
                "--count", "3", "--variants", "4", "--zoom", "1", "--json", "--seed", "5");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out().strip());
        assertEquals("augment", j.get("name").asText());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(5 * 30 + 2, img.getWidth());     // 5 columns of 28 px with 2 px gaps
        assertEquals(3 * 30 + 2, img.getHeight());
        assertEquals(img.getWidth(), j.get("width").asInt());
        byte[] first = Files.readAllBytes(png);
        CommandRunner.run("augment", "--data", "fashion-mnist-embedded", "--transform", "flip,crop=4,rotate=10", "--out", png.toString(),
                "--count", "3", "--variants", "4", "--zoom", "1", "--seed", "5");
        assertArrayEquals(first, Files.readAllBytes(png), "same seed, same picture");
    }

    @Test
    void augmentRejectsUnknownTransforms(@TempDir Path dir) {
        CommandRunner.Result r = CommandRunner.run("augment", "--data", "fashion-mnist-embedded", "--transform", "blur", "--out", dir.resolve("x.png").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown transform \"blur\""), r.err());
    }
}

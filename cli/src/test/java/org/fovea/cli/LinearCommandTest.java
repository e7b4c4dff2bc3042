package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fovea linear on a slice of the embedded Fashion-MNIST subset. */
class LinearCommandTest {
    @Test
    void trainsSoftmaxAndWritesTheTemplateGrid(@TempDir Path dir) throws Exception {
        CommandRunner.Result r = CommandRunner.run("linear", "--data", "fashion-mnist-embedded", "--limit", "2000", "--epochs", "3",
                "--json", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        List<JsonNode> json = r.json();
        assertEquals(4, json.size(), r.out());
        assertEquals("linear.epoch", json.get(0).get("name").asText());
        assertTrue(json.get(2).get("val_acc").asDouble() > 0.65, json.get(2).toString());
        JsonNode result = json.get(3);
        assertEquals("softmax", result.get("loss").asText());
        assertTrue(result.get("test_acc").asDouble() > 0.65, result.toString());
        BufferedImage grid = ImageIO.read(dir.resolve("templates.png").toFile());
        assertEquals(10 * (28 * 4 + 4) + 4, grid.getWidth(), "ten templates in a row, scaled 4×");
        assertEquals(28 * 4 + 8, grid.getHeight());
    }

    @Test
    void svmWithElasticNetAndClearErrors(@TempDir Path dir) {
        CommandRunner.Result r = CommandRunner.run("linear", "--data", "fashion-mnist-embedded", "--limit", "500", "--epochs", "1",
                "--loss", "svm", "--reg", "elastic", "--lr", "1e-3", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("linear svm: test accuracy"), r.out());
        r = CommandRunner.run("linear", "--data", "fashion-mnist-embedded", "--loss", "hinge", "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--loss must be svm or softmax"), r.err());
        r = CommandRunner.run("linear", "--data", "fashion-mnist-embedded", "--limit", "1000", "--batch", "50", "--lr", "1e9", "--epochs", "1",
                "--out", dir.resolve("y").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("try a lower --lr") && !r.err().contains("\tat "), r.err());
    }
}

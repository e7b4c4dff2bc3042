package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fovea viz on a LeNet-5 that fovea train wrote (2 epochs on 600 embedded Fashion-MNIST images). Main registers
 * VizCommand; until then these tests run it under a root command of their own, with Main's error handling.
 */
class VizCommandTest {
    @TempDir static Path dir;
    static Path ckpt;

    @BeforeAll
    static void train() {
        CommandRunner.Result r = CommandRunner.run("train", "--data", "fashion-mnist-embedded", "--limit", "600", "--epochs", "2",
                "--out", dir.resolve("run").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        ckpt = dir.resolve("run/last.safetensors");
    }

    /** fovea viz ARGS… through Main. */
    static CommandRunner.Result viz(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "viz";
        System.arraycopy(args, 0, all, 1, args.length);
        return CommandRunner.run(all);
    }

    private static String[] with(Path out, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--checkpoint", ckpt.toString(), "--out", out.toString(), "--json"));
        return all.toArray(String[]::new);
    }

    private static BufferedImage png(Path file, int width, int height) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " written");
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(width, img.getWidth(), file.toString());
        assertEquals(height, img.getHeight(), file.toString());
        return img;
    }

    @Test
    void adversarialAccuracyFallsWithEpsilonAndWritesThePlot() throws Exception {
        Path out = dir.resolve("adv");
        CommandRunner.Result r = viz(with(out, "adversarial", "--index", "0,1", "--limit", "200", "--steps", "3", "--eps", "0,0.05,0.2"));
        assertEquals(0, r.code(), r.err());
        List<JsonNode> acc = r.json().stream().filter(j -> j.get("name").asText().equals("fgsm_accuracy")).toList();
        assertEquals(3, acc.size(), r.out());
        assertEquals(acc.get(0).get("clean_acc").asDouble(), acc.get(0).get("value").asDouble());
        assertTrue(acc.get(0).get("value").asDouble() > acc.get(1).get("value").asDouble()
                && acc.get(1).get("value").asDouble() > acc.get(2).get("value").asDouble(), r.out());
        assertEquals("accuracy", acc.get(0).get("unit").asText());
        png(out.resolve("adversarial-accuracy.png"), 800, 500);
        // 2 rows of 5 tiles of 28×28 enlarged 4 times: 2·(112 + 2) + 2 by 5·(112 + 2) + 2.
        png(out.resolve("adversarial-examples.png"), 572, 230);
        assertEquals(2, r.json().stream().filter(j -> j.get("name").asText().equals("fooling_steps")).count());
    }

    @Test
    void everyPictureIsAPngOfTheDocumentedSize() throws Exception {
        Path out = dir.resolve("pics");
        assertEquals(0, viz(with(out, "filters", "--index", "3")).code());
        png(out.resolve("filters-0.png"), 128, 86);
        png(out.resolve("activations-0.png"), 3 * 114 + 2, 2 * 114 + 2);
        CommandRunner.Result s = viz(with(out, "saliency", "--index", "0,1,2", "--scale", "2"));
        assertEquals(0, s.code(), s.err());
        png(out.resolve("saliency.png"), 3 * 58 + 2, 3 * 58 + 2);
        JsonNode file = s.json().get(0);
        assertEquals("png", file.get("unit").asText());
        assertEquals(176, file.get("width").asInt());
        CommandRunner.Result o = viz(with(out, "occlusion", "--index", "0", "--scale", "1", "--stride", "3"));
        assertEquals(0, o.code(), o.err());
        png(out.resolve("occlusion.png"), 3 * 30 + 2, 30 + 2);
        assertTrue(o.json().get(0).get("value").asDouble() <= o.json().get(0).get("clean_probability").asDouble());
        CommandRunner.Result t = viz(with(out, "tsne", "--limit", "60", "--iterations", "100", "--perplexity", "10"));
        assertEquals(0, t.code(), t.err());
        png(out.resolve("tsne.png"), VizTsneCommand.WIDTH, VizTsneCommand.HEIGHT);
        CommandRunner.Result n = viz(with(out, "neighbors", "--index", "0,1", "--k", "3", "--gallery", "500", "--scale", "1"));
        assertEquals(0, n.code(), n.err());
        png(out.resolve("neighbors.png"), 8 * 30 + 2, 2 * 30 + 2);
        CommandRunner.Result p = viz(with(out, "patches", "--layer", "0", "--channels", "0,1", "--k", "4", "--limit", "100", "--scale", "1"));
        assertEquals(0, p.code(), p.err());
        assertEquals(5, p.json().get(0).get("receptive_field").asInt(), "conv1 of LeNet-5 sees 5×5 pixels");
        CommandRunner.Result c = viz(with(out, "classviz", "--classes", "1,5", "--steps", "20", "--scale", "1"));
        assertEquals(0, c.code(), c.err());
        png(out.resolve("classviz.png"), 2 * 30 + 2, 30 + 2);
    }

    @Test
    void mistakesAreOneLine() throws Exception {
        Path out = dir.resolve("bad");
        CommandRunner.Result r = viz(with(out, "filters", "--activations", "99"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("unknown layer \"99\"; known layers: 0, 1, 2"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        CommandRunner.Result i = viz(with(out, "saliency", "--index", "5000"));
        assertEquals(2, i.code());
        assertTrue(i.err().contains("--index 5000 is not in 0..1999"), i.err());
        Path img = dir.resolve("shirt.png");
        org.fovea.data.Images.writePng(org.fovea.tensor.Tensor.rand(new java.util.SplittableRandom(1), 3, 40, 30), img);
        CommandRunner.Result f = viz(with(out, "saliency", "--image", img.toString(), "--scale", "1"));
        assertEquals(0, f.code(), f.err());
        png(out.resolve("saliency.png"), 3 * 30 + 2, 30 + 2);
    }
}

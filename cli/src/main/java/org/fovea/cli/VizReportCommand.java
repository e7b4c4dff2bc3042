package org.fovea.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fovea.viz.Adversarial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code fovea viz report}: runs every viz command with its defaults into {@code --out} and writes
 * {@code index.html}, one page gathering the pictures, with a line on how to read each, for a browser.
 */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Writes every picture and an index.html page that gathers them.")
final class VizReportCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin VizOptions viz;

    @Override
    public Integer call() throws IOException {
        VizOptions.Context c = viz.load(common);
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Fovea: ").append(escape(c.ckpt().path().toString()))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;background:#fafafa}"
                        + "img{image-rendering:pixelated;max-width:100%;border:1px solid #ccc}table{border-collapse:collapse}"
                        + "td,th{padding:2px 10px;text-align:right}</style></head><body>\n")
                .append("<h1>What ").append(escape(c.ckpt().name())).append(" has learned</h1>\n<p>Checkpoint <code>")
                .append(escape(c.ckpt().path().toString())).append("</code>, data ").append(escape(c.source().description()))
                .append(", images: ").append(escape(String.join(", ", c.names()))).append(".</p>\n");
        new VizFiltersCommand().run(c);
        section(html, "First-layer filters", "Each tile is one filter of the first convolution, scaled on its own (CS231n lecture 12).",
                "filters-" + c.probe().firstConvLayer() + ".png");
        for (String l : firstTwo(c)) section(html, "Activations of layer " + l, "One tile per channel, for " + c.names().get(0) + ".", "activations-" + l + ".png");
        new VizNeighborsCommand().run(c);
        section(html, "Nearest neighbours", "Each row: an image, its nearest training images in pixel space, then in the last hidden layer's features.", "neighbors.png");
        new VizPatchesCommand().run(c);
        String patchFile = firstMatch(c.out(), "patches-");
        section(html, "Maximally activating patches", "Each row: one channel; the receptive-field crops of the test images where it fires most.", patchFile);
        new VizOcclusionCommand().run(c);
        section(html, "Occlusion", "Probability of the class as a grey square slides over the image; dark means the object was hidden (Zeiler &amp; Fergus 2014).", "occlusion.png");
        new VizSaliencyCommand().run(c);
        section(html, "Saliency", "|∂score/∂pixel|, max over channels (Simonyan et al. 2014).", "saliency.png");
        new VizClassvizCommand().run(c);
        section(html, "Class visualisation", "Images the model scores highest for each class, by gradient ascent with L2 decay, jitter and blur (Yosinski et al. 2015).", "classviz.png");
        List<Adversarial.Row> rows = new VizAdversarialCommand().run(c);
        section(html, "Adversarial examples", "Accuracy against the L∞ budget ε (Goodfellow et al. 2015; Kurakin et al. 2017).", "adversarial-accuracy.png");
        html.append("<table><tr><th>ε</th><th>clean</th><th>FGSM</th><th>iterative</th></tr>\n");
        for (Adversarial.Row r : rows) {
            html.append(String.format(Locale.ROOT, "<tr><td>%.3f</td><td>%.1f %%</td><td>%.1f %%</td><td>%.1f %%</td></tr>%n", r.epsilon(),
                    100 * r.clean(), 100 * r.fgsm(), 100 * r.iterative()));
        }
        html.append("</table>\n");
        section(html, "", "Each row: image, FGSM image, its perturbation, a fooling image of the next class, its change ×5.", "adversarial-examples.png");
        new VizTsneCommand().run(c);
        section(html, "t-SNE", "The last hidden layer's features of test images in 2-D (van der Maaten &amp; Hinton 2008).", "tsne.png");
        html.append("</body></html>\n");
        Path index = c.out().resolve("index.html");
        Files.writeString(index, html, StandardCharsets.UTF_8);
        if (c.json()) Json.print(System.out, Json.object("name", "viz report", "value", index.toString(), "unit", "html"));
        else System.out.println("wrote " + index + ": open it in a browser");
        return 0;
    }

    private static List<String> firstTwo(VizOptions.Context c) {
        List<String> convs = org.fovea.viz.Filters.convLayers(c.probe());
        return convs.subList(0, Math.min(2, convs.size()));
    }

    private static String firstMatch(Path dir, String prefix) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().findFirst().orElse("");
        }
    }

    private static void section(StringBuilder html, String title, String text, String file) {
        if (!title.isEmpty()) html.append("<h2>").append(escape(title)).append("</h2>\n");
        html.append("<p>").append(text).append("</p>\n<img src=\"").append(escape(file)).append("\" alt=\"").append(escape(title)).append("\">\n");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

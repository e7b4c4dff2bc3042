package org.fovea.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fovea.tensor.Tensor;
import org.fovea.viz.Occlusion;
import org.fovea.viz.Pictures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea viz occlusion}: for each image, the probability of its class (the true one, or the predicted
 * one for image files) as a grey square slides over it (Zeiler & Fergus 2014); one row per image: the image,
 * the heat map (dark = the probability dropped), and the map over the image.
 */
@Command(name = "occlusion", mixinStandardHelpOptions = true,
        description = "Slides a grey square over each image and maps the probability of its class (dark: the object was hidden).")
final class VizOcclusionCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin VizOptions viz;
    @Option(names = "--patch", description = "Side of the square in pixels (default: a quarter of the image).")
    int patch;
    @Option(names = "--stride", description = "Step between positions in pixels (default: ${DEFAULT-VALUE}).")
    int stride = 2;
    @Option(names = "--fill", description = "Grey level of the square in [0, 1] (default: ${DEFAULT-VALUE}).")
    float fill = 0.5f;

    @Override
    public Integer call() throws IOException {
        run(viz.load(common));
        return 0;
    }

    void run(VizOptions.Context c) {
        int[] s = c.probe().inputShape();
        int p = patch > 0 ? patch : Math.max(1, s[1] / 4);
        int[] targets = c.targets();
        List<Tensor> tiles = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            Tensor image = c.images().select(0, i).contiguous();
            Tensor map = Occlusion.map(c.probe(), image, targets[i], p, stride, fill);
            float clean = Occlusion.probabilities(c.probe(), image)[targets[i]];
            tiles.add(Pictures.rgb(image));
            Tensor pixels = Occlusion.pixelMap(map, s[1], s[2], p, stride);
            tiles.add(Pictures.heat(pixels));
            tiles.add(Pictures.overlay(image, pixels, 0.5f));
            String what = String.format(Locale.ROOT, "%s (%s): p = %.3f, lowest %.3f under the square", c.names().get(i),
                    c.classes().get(targets[i]), clean, map.min().item());
            if (c.json()) {
                Json.print(System.out, Json.object("name", "occlusion_min_probability", "value", (double) map.min().item(), "unit", "probability",
                        "image", c.names().get(i), "class", c.classes().get(targets[i]), "clean_probability", (double) clean));
            } else {
                System.out.println(what);
            }
        }
        c.write(Pictures.tile(tiles, 3, c.scale()), "occlusion.png",
                "rows: image | P(class) as a " + p + "×" + p + " square slides (stride " + stride + ") | overlay", "patch", p, "stride", stride);
    }
}

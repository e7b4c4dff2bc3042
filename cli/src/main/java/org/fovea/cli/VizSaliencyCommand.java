package org.fovea.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fovea.tensor.Tensor;
import org.fovea.viz.Pictures;
import org.fovea.viz.Saliency;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code fovea viz saliency}: |∂score/∂pixel| maximised over channels (Simonyan et al. 2014) for the class of
 * each image (true, or predicted for image files); one row per image: the image, the map, the map over it.
 */
@Command(name = "saliency", mixinStandardHelpOptions = true,
        description = "Draws each image's saliency map, |d score / d pixel| max over channels, and overlays it.")
final class VizSaliencyCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin VizOptions viz;

    @Override
    public Integer call() throws IOException {
        run(viz.load(common));
        return 0;
    }

    void run(VizOptions.Context c) {
        int[] targets = c.targets();
        Tensor maps = Saliency.maps(c.probe(), c.images(), targets);
        List<Tensor> tiles = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            Tensor image = c.images().select(0, i).contiguous(), map = maps.select(0, i).contiguous();
            tiles.add(Pictures.rgb(image));
            tiles.add(Pictures.heat(map));
            tiles.add(Pictures.overlay(image, map, 0.6f));
        }
        c.write(Pictures.tile(tiles, 3, c.scale()), "saliency.png", "rows: image | saliency of its class | overlay");
    }
}

package org.fovea.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fovea.viz.Filters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea viz filters}: the weights of a convolution layer as an image grid (the first layer by default:
 * grey tiles for LeNet-5, RGB tiles for AlexNet's 96 filters) and the activation maps of named layers for the
 * first chosen image.
 */
@Command(name = "filters", mixinStandardHelpOptions = true,
        description = "Draws a convolution layer's filters (default: the first) and the activation maps of layers for the first image.")
final class VizFiltersCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin VizOptions viz;
    @Option(names = "--layer", description = "Convolution layer whose weights to draw (default: the first).")
    String layer;
    @Option(names = "--activations", split = ",", paramLabel = "LAYER",
            description = "Layers whose activation maps to draw for the first image (default: the first convolution's and the one after the next).")
    List<String> activations = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        run(viz.load(common));
        return 0;
    }

    void run(VizOptions.Context c) {
        String conv = layer != null ? layer : c.probe().firstConvLayer();
        c.write(Filters.layerWeights(c.probe(), conv, 0, Math.max(c.scale() * 2, 8)), "filters-" + conv + ".png", "weights of layer " + conv, "layer", conv);
        List<String> layers = new ArrayList<>(activations);
        if (layers.isEmpty()) {
            List<String> convs = Filters.convLayers(c.probe());
            layers.add(convs.get(0));
            if (convs.size() > 1) layers.add(convs.get(1));
        }
        for (String l : layers) {
            c.write(Filters.activationGrid(c.probe(), c.images().select(0, 0), l, 0, c.scale()), "activations-" + l + ".png",
                    "activation maps of layer " + l + " for " + c.names().get(0), "layer", l);
        }
    }
}

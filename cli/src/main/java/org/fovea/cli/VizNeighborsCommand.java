package org.fovea.cli;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fovea.data.ImageDataset;
import org.fovea.viz.Neighbors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea viz neighbors}: for each chosen image, its k nearest training images in pixel space (left)
 * and in the feature space of the last hidden layer (right), and how often each shares the image's class.
 */
@Command(name = "neighbors", mixinStandardHelpOptions = true,
        description = "Shows each image's nearest training images in pixel space beside those in the last hidden layer's feature space.")
final class VizNeighborsCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin VizOptions viz;
    @Option(names = "--k", description = "Neighbours per image (default: ${DEFAULT-VALUE}).")
    int k = 5;
    @Option(names = "--gallery", description = "Search the first this many training images (default: ${DEFAULT-VALUE}).")
    int gallery = 5000;
    @Option(names = "--layer", description = "Layer whose outputs are the features (default: the last hidden layer).")
    String layer;

    @Override
    public Integer call() throws IOException {
        run(viz.load(common));
        return 0;
    }

    void run(VizOptions.Context c) {
        if (gallery < 1) throw new IllegalArgumentException("--gallery must be at least 1, got " + gallery);
        ImageDataset train = c.train();
        String features = layer != null ? layer : c.probe().lastHiddenLayer();
        Neighbors nn = Neighbors.of(c.probe(), c.images(), train, gallery, k, features);
        c.write(nn.figure(c.images(), train, c.scale()), "neighbors.png",
                "rows: image | " + k + " nearest in pixels | gap | " + k + " nearest in layer " + features, "layer", features, "k", k);
        boolean known = java.util.Arrays.stream(c.labels()).allMatch(l -> l >= 0);
        if (!known) return;
        double[] agree = nn.labelAgreement(c.labels(), train);
        if (c.json()) {
            Json.print(System.out, Json.object("name", "neighbors_same_class", "value", agree[0], "unit", "fraction", "space", "pixels"));
            Json.print(System.out, Json.object("name", "neighbors_same_class", "value", agree[1], "unit", "fraction", "space", "layer " + features));
        } else {
            System.out.printf(Locale.ROOT, "neighbours of the same class: %.1f %% in pixel space, %.1f %% in layer %s%n",
                    100 * agree[0], 100 * agree[1], features);
        }
    }
}

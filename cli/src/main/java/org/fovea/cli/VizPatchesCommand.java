package org.fovea.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fovea.nn.Summary;
import org.fovea.tensor.Tensor;
import org.fovea.viz.MaxPatches;
import org.fovea.viz.Pictures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea viz patches}: for a layer and some of its channels, the k test-image crops (receptive fields)
 * where each channel fires most; one row per channel, strongest first.
 */
@Command(name = "patches", mixinStandardHelpOptions = true,
        description = "Shows, for channels of a layer, the crops of the test images that activate each most (one row per channel).")
final class VizPatchesCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin VizOptions viz;
    @Option(names = "--layer", description = "Layer to probe (default: the last layer with a spatial output).")
    String layer;
    @Option(names = "--channels", split = ",", description = "Channels to show (default: 0 to 7).")
    int[] channels = {0, 1, 2, 3, 4, 5, 6, 7};
    @Option(names = "--k", description = "Patches per channel (default: ${DEFAULT-VALUE}).")
    int k = 8;
    @Option(names = "--limit", description = "Search the first this many test images (default: ${DEFAULT-VALUE}).")
    int limit = 2000;

    @Override
    public Integer call() throws IOException {
        run(viz.load(common));
        return 0;
    }

    void run(VizOptions.Context c) {
        if (k < 1 || limit < 1) throw new IllegalArgumentException("--k and --limit must be at least 1");
        String l = layer != null ? layer : lastSpatialLayer(c);
        List<Tensor> tiles = new ArrayList<>();
        int side = 0;
        List<List<MaxPatches.Patch>> rows = new ArrayList<>();
        for (int ch : channels) {
            List<MaxPatches.Patch> top = MaxPatches.top(c.probe(), c.test(), l, ch, k, limit);
            rows.add(top);
            for (MaxPatches.Patch p : top) side = Math.max(side, p.crop().size(1));
        }
        for (List<MaxPatches.Patch> row : rows) {
            for (int i = 0; i < k; i++) {
                Tensor crop = i < row.size() ? row.get(i).crop() : Tensor.zeros(c.probe().inputShape()[0], side, side);
                tiles.add(crop.size(1) == side ? crop : org.fovea.data.ImageOps.resize(crop, side, side));
            }
        }
        int scale = Math.max(1, c.scale() * 28 / Math.max(side, 1) / 2);
        c.write(Pictures.tile(tiles, k, scale), "patches-" + l + ".png",
                "rows: channels " + java.util.Arrays.toString(channels) + " of layer " + l + ", top " + k + " receptive-field crops each (" + side + "×" + side + " pixels)",
                "layer", l, "receptive_field", side);
    }

    private static String lastSpatialLayer(VizOptions.Context c) {
        String found = null;
        for (Summary.Layer row : c.probe().summary().layers()) if (row.outputShape().length == 3) found = row.name();
        if (found == null) throw new IllegalArgumentException("the model has no layer with a spatial output; name one with --layer");
        return found;
    }
}

package org.fovea.viz;

import java.util.ArrayList;
import java.util.List;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Pictures of weights and activations (CS231n lecture 12, "first layer"; Krizhevsky et al. 2012, fig. 3):
 * the first layer's filters look directly at pixels, so each can be drawn as a small image, min–max scaled
 * on its own so that its pattern (an oriented edge, a colour blob) shows whatever its norm. Deeper layers'
 * weights are drawn one grey tile per (filter, input channel), and any layer's activation maps one grey tile
 * per channel.
 *
 * <p>Shape: a grid of n tiles of h × w pixels enlarged s times in c columns is
 * (C, r·(h·s + 2) + 2, c·(w·s + 2) + 2) with r = ⌈n / c⌉ rows, as {@link Pictures#tile}.
 */
public final class Filters {
    private Filters() {}

    /**
     * The filters of a convolution weight (F, C, k, k) as tiles: RGB tiles when C = 3, grey when C = 1, else
     * one grey tile per input channel (a row of C tiles per filter). Each tile is scaled to [0, 1] on its own.
     * columns = 0 picks ⌈√F⌉ for RGB/grey, C otherwise.
     */
    public static Tensor weightGrid(Tensor weight, int columns, int scale) {
        if (weight.dim() != 4) throw new IllegalArgumentException("weightGrid: want a (F, C, k, k) convolution weight, got shape "
                + java.util.Arrays.toString(weight.shape()));
        int f = weight.size(0), c = weight.size(1);
        List<Tensor> tiles = new ArrayList<>();
        boolean image = c == 1 || c == 3;
        for (int i = 0; i < f; i++) {
            Tensor filter = weight.select(0, i);
            if (image) {
                tiles.add(Pictures.rescale(filter));
            } else {
                for (int ch = 0; ch < c; ch++) tiles.add(Pictures.rescale(filter.narrow(0, ch, 1)));
            }
        }
        int cols = columns > 0 ? columns : image ? (int) Math.ceil(Math.sqrt(f)) : c;
        return Pictures.tile(tiles, cols, scale);
    }

    /** {@link #weightGrid} of the named layer's "weight" parameter. */
    public static Tensor layerWeights(Probe probe, String layer, int columns, int scale) {
        Variable w = probe.model().namedParameters().get(layer + ".weight");
        if (w == null || w.dim() != 4) {
            throw new IllegalArgumentException("layer \"" + layer + "\" has no convolution weight; layers with one: " + String.join(", ", convLayers(probe)));
        }
        return weightGrid(w.data(), columns, scale);
    }

    /** Names of the tappable layers holding a 4-D (convolution) weight: the layer itself, or its enclosing block. */
    public static List<String> convLayers(Probe probe) {
        List<String> tappable = probe.layerNames();
        List<String> names = new ArrayList<>();
        probe.model().namedParameters().forEach((k, v) -> {
            if (!k.endsWith(".weight") || v.dim() != 4) return;
            // A convolution inside a block that cannot be tapped (a residual body) is shown by its block.
            String layer = k.substring(0, k.length() - ".weight".length());
            while (!tappable.contains(layer) && layer.contains(".")) layer = layer.substring(0, layer.lastIndexOf('.'));
            if (tappable.contains(layer) && !names.contains(layer)) names.add(layer);
        });
        return names;
    }

    /**
     * The activation maps of the named layer for one [0, 1] image, one grey tile per channel, each scaled to
     * [0, 1] on its own (a constant map is mid-grey). A flat layer of D features is drawn as one tile of
     * ⌈√D⌉ columns. columns = 0 picks ⌈√channels⌉.
     */
    public static Tensor activationGrid(Probe probe, Tensor image, String layer, int columns, int scale) {
        Tensor act;
        try (var scope = GradMode.noGrad()) {
            act = probe.activations(image.unsqueeze(0), layer).select(0, 0).contiguous();
        }
        List<Tensor> tiles = new ArrayList<>();
        if (act.dim() == 3) {
            for (int ch = 0; ch < act.size(0); ch++) tiles.add(Pictures.rescale(act.narrow(0, ch, 1)));
        } else {
            int d = act.numel(), side = (int) Math.ceil(Math.sqrt(d));
            float[] cells = new float[side * side];
            System.arraycopy(act.toArray(), 0, cells, 0, d);
            tiles.add(Pictures.rescale(Tensor.wrap(cells, 1, side, side)));
        }
        int cols = columns > 0 ? columns : (int) Math.ceil(Math.sqrt(tiles.size()));
        return Pictures.tile(tiles, cols, scale);
    }
}

package org.fovea.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.fovea.data.DataSource;
import org.fovea.data.ImageDataset;
import org.fovea.data.ImageOps;
import org.fovea.data.Images;
import org.fovea.data.PcaLighting;
import org.fovea.data.Splits;
import org.fovea.data.Transform;
import org.fovea.data.TransformSpec;
import org.fovea.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea augment --data D --transform flip,crop --out grid.png}: a PNG grid, one row per random
 * training image: the original, then {@code --variants} augmented versions of it.
 */
@Command(name = "augment", mixinStandardHelpOptions = true,
        description = "Writes a PNG grid of augmented samples: each row is an image, then augmented versions of it.")
final class AugmentCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--transform", required = true,
            description = "Comma-separated transforms: flip, crop[=pad], scale[=min:max:crop], resized[=size], color[=b:c:s], pca[=sigma], rotate[=deg], translate[=frac], shear[=deg], affine.")
    String transform;

    @Option(names = "--out", required = true, description = "PNG file to write.")
    Path out;

    @Option(names = "--count", defaultValue = "8", description = "Rows: how many images (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--variants", defaultValue = "7", description = "Augmented versions per image (default: ${DEFAULT-VALUE}).")
    int variants;

    @Option(names = "--zoom", defaultValue = "0", description = "Integer upscaling of each cell (default: enough for cells of at least 64 pixels).")
    int zoom;

    @Override
    public Integer call() {
        if (count <= 0 || variants <= 0) throw new IllegalArgumentException("--count and --variants must be > 0");
        DataSource source = dataOptions.resolve();
        System.err.println(source.description());
        ImageDataset data = source.hasSplit("train") ? source.train() : source.splits().values().iterator().next();
        Transform t = TransformSpec.parse(transform, data.imageShape(), () -> PcaLighting.fit(data, 0.1f));
        SplittableRandom rng = new SplittableRandom(common.seed);
        int[] pick = Splits.permutation(data.size(), rng);
        List<Tensor> cells = new ArrayList<>();
        int rows = Math.min(count, data.size());
        for (int r = 0; r < rows; r++) {
            Tensor img = data.get(pick[r]).image();
            List<Tensor> row = new ArrayList<>();
            for (int v = 0; v < variants; v++) row.add(t.apply(img, rng));
            int[] s = row.get(0).shape();
            cells.add(s[1] == img.size(1) && s[2] == img.size(2) ? img : ImageOps.resize(img, s[1], s[2]));
            cells.addAll(row);
        }
        int cell = cells.get(0).size(1);
        int z = zoom > 0 ? zoom : Math.max(1, (64 + cell - 1) / cell);
        List<Tensor> zoomed = cells.stream().map(c -> upscale(c, z)).toList();
        Tensor grid = Images.grid(zoomed, variants + 1, 2);
        Images.writePng(grid, out);
        String message = "wrote " + out + ": " + rows + " images × (original + " + variants + " variants of " + transform + "), "
                + grid.size(2) + "x" + grid.size(1) + " pixels";
        if (common.json) {
            Json.print(System.out, Json.object("name", "augment", "file", out.toString(), "rows", rows, "columns", variants + 1,
                    "width", grid.size(2), "height", grid.size(1), "transform", transform, "seed", common.seed));
            System.err.println(message);
        } else {
            System.out.println(message);
        }
        return 0;
    }

    /** Nearest-neighbour upscaling by an integer factor, so that small images stay crisp. */
    private static Tensor upscale(Tensor image, int z) {
        if (z == 1) return image;
        Tensor x = image.contiguous();
        int c = x.size(0), h = x.size(1), w = x.size(2);
        float[] src = x.data(), d = new float[c * h * z * w * z];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h * z; y++) {
                for (int xx = 0; xx < w * z; xx++) d[(ch * h * z + y) * w * z + xx] = src[x.offset() + (ch * h + y / z) * w + xx / z];
            }
        }
        return Tensor.wrap(d, c, h * z, w * z);
    }
}

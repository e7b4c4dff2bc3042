package org.fovea.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.fovea.data.DataSource;
import org.fovea.data.Dataset;
import org.fovea.data.ImageDataset;
import org.fovea.data.Normalization;
import org.fovea.data.Splits;
import org.fovea.data.Subset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fovea data info --data D}: what a data name resolves to, split by split. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Inspects datasets.", subcommands = DataCommand.Info.class)
final class DataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return 2;
    }

    /** Counts, image shape, classes, class histogram and pixel mean/std of every split. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Prints where the data comes from, and per split: count, image shape, class histogram, pixel mean and std.")
    static final class Info implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Mixin
        DataOptions dataOptions;

        @Option(names = "--sample", description = "Compute mean/std over this many random images per split (seeded by --seed; default 0 = all).")
        int sample;

        @Override
        public Integer call() {
            DataSource source = dataOptions.resolve();
            PrintStream out = System.out;
            (common.json ? System.err : out).println(source.description());
            for (Map.Entry<String, ImageDataset> e : source.splits().entrySet()) {
                ImageDataset d = e.getValue();
                Dataset statsOver = sample > 0 && sample < d.size()
                        ? new Subset(d, java.util.Arrays.copyOf(Splits.permutation(d.size(), new SplittableRandom(common.seed)), sample)) : d;
                Normalization n = Normalization.perChannel(statsOver);
                int[] counts = d.classCounts();
                if (common.json) {
                    Json.print(out, Json.object("name", "data.info", "data", source.name(), "source", source.description(), "split", e.getKey(),
                            "count", d.size(), "shape", d.imageShape(), "classes", source.classes(), "histogram", counts,
                            "mean", n.mean(), "std", n.std(), "stats_images", statsOver.size()));
                } else {
                    printHuman(out, e.getKey(), d, counts, n, statsOver.size());
                }
            }
            return 0;
        }

        private static void printHuman(PrintStream out, String split, ImageDataset d, int[] counts, Normalization n, int statsImages) {
            int[] s = d.imageShape();
            out.printf(Locale.ROOT, "%n%s: %d images of %dx%dx%d (CxHxW), %d classes%n", split, d.size(), s[0], s[1], s[2], counts.length);
            List<String> stats = new ArrayList<>();
            for (int c = 0; c < n.mean().length; c++) stats.add(String.format(Locale.ROOT, "%.4f ± %.4f", n.mean()[c], n.std()[c]));
            out.printf(Locale.ROOT, "  pixel mean ± std per channel%s: %s%n", statsImages < d.size() ? " (" + statsImages + " images)" : "", String.join(", ", stats));
            int max = 1;
            for (int c : counts) max = Math.max(max, c);
            for (int k = 0; k < counts.length; k++) {
                out.printf(Locale.ROOT, "  %3d %-16s %7d %s%n", k, d.classes().get(k), counts[k], "#".repeat((int) Math.round(30.0 * counts[k] / max)));
            }
        }
    }
}

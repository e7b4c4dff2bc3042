package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fovea.classic.HyperparameterSearch;
import org.fovea.classic.TrialRunner;
import org.fovea.data.DataSets;
import org.fovea.data.DataSource;
import org.fovea.data.Dataset;
import org.fovea.io.AtomicFiles;
import org.fovea.kernel.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea search}: hyper-parameter search as CS231n lecture 6 recommends (random search, log-uniform
 * where the range says log, coarse to fine). Every trial trains on the training part of a seeded
 * train/validation split of the training set and is scored on the validation part; the test set is not
 * loaded into the search at all, and is scored once with the best configuration only when --test is given.
 * Writes trials.csv (sorted, best first) and best.json to the output directory.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Hyper-parameter search (random or grid, optional coarse-to-fine) scored on a validation split.")
final class SearchCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--model", description = "Model: linear, linear-svm, knn, or a zoo model (lenet5, mlp; default ${DEFAULT-VALUE}).", defaultValue = "mlp") String model;
    @Option(names = "--data", description = "Data set name or path (default ${DEFAULT-VALUE}).", defaultValue = "fashion-mnist") String data;
    @Option(names = "--data-dir", description = "Directory holding the data set's files.") Path dataDir;
    @Option(names = "--trials", description = "Trials per stage; grid: at most this many points (default ${DEFAULT-VALUE}).", defaultValue = "10") int trials;
    @Option(names = "--strategy", description = "random or grid (default ${DEFAULT-VALUE}).", defaultValue = "random") String strategy;
    @Option(names = "--param", required = true, description = "NAME=log|lin|int:LOW:HIGH, repeatable, e.g. lr=log:1e-5:1e-1, hidden=int:50:500.")
    List<String> params;
    @Option(names = "--epochs", description = "Epochs per trial (default ${DEFAULT-VALUE}).", defaultValue = "2") int epochs;
    @Option(names = "--stages", description = "Coarse-to-fine stages; each after the first narrows the ranges around the best trials (default ${DEFAULT-VALUE}).", defaultValue = "1") int stages;
    @Option(names = "--keep", description = "Fraction of the best trials the next stage's ranges span (default ${DEFAULT-VALUE}).", defaultValue = "0.25") double keep;
    @Option(names = "--val-split", description = "Fraction of the training set held out for validation (default ${DEFAULT-VALUE}).", defaultValue = "0.1") double valSplit;
    @Option(names = "--limit", description = "Use the first N training images only (quick searches).") Integer limit;
    @Option(names = "--test", description = "After the search, train the best configuration again and score it once on the test set.") boolean test;
    @Option(names = "--out", description = "Output directory (default runs/search-TIMESTAMP).") Path out;
    @Option(names = "--force", description = "Write into an output directory that already holds files.") boolean force;
    @Option(names = "--threads", description = "Compute threads (default: all cores).") Integer threads;

    @Override
    public Integer call() throws IOException {
        if (threads != null) Parallel.setThreads(threads);
        HyperparameterSearch.Strategy s = switch (strategy.toLowerCase(Locale.ROOT)) {
            case "random" -> HyperparameterSearch.Strategy.RANDOM;
            case "grid" -> HyperparameterSearch.Strategy.GRID;
            default -> throw new IllegalArgumentException("--strategy must be random or grid, got '" + strategy + "'");
        };
        HyperparameterSearch.Options options = new HyperparameterSearch.Options(s, trials, stages, keep, common.seed);
        List<HyperparameterSearch.Param> space = new ArrayList<>();
        for (String p : params) space.add(HyperparameterSearch.Param.parse(p));
        if (space.stream().map(HyperparameterSearch.Param::name).distinct().count() != space.size()) {
            throw new IllegalArgumentException("a --param is given twice: " + params);
        }
        if (!TrialRunner.models().contains(model)) {
            throw new IllegalArgumentException("unknown model '" + model + "'; known: " + String.join(", ", TrialRunner.models()));
        }
        DataSource source = DataSets.resolve(data, dataDir);
        System.err.println("data: " + source.description());
        Dataset train = limit == null ? source.train() : source.train().head(Math.min(limit, source.train().size()));
        TrialRunner runner = new TrialRunner(model, train, valSplit, epochs, common.seed);
        runner.checkParameters(space.stream().map(HyperparameterSearch.Param::name).toList());
        Path dir = RunDirectory.open(out, "search", force, false).path();
        System.err.printf(Locale.ROOT, "searching %s: %d training, %d validation images; %s%n", model, runner.trainSize(), runner.validationSize(), space);

        List<HyperparameterSearch.Trial> results = HyperparameterSearch.run(space, options, runner::validationAccuracy, t -> {
            if (common.json) {
                Json.print(System.out, Json.object("name", "search.trial", "trial", t.index(), "stage", t.stage(), "params", t.params(),
                        "value", t.score(), "unit", "val_acc", "val_acc", t.score(), "seconds", t.seconds()));
            } else {
                System.err.printf(Locale.ROOT, "trial %d (stage %d): %s → validation %.2f %% (%.1f s)%n", t.index(), t.stage(), format(t.params()), 100 * t.score(), t.seconds());
            }
        });
        HyperparameterSearch.Trial best = results.get(0);
        writeCsv(dir.resolve("trials.csv"), space, results);
        Double testAcc = test && source.hasSplit("test") ? runner.testAccuracy(best.params(), source.test()) : null;
        Map<String, Object> summary = Json.object("name", "search", "model", model, "data", source.name(), "strategy", strategy, "params", best.params(),
                "value", best.score(), "unit", "val_acc", "val_acc", best.score(), "test_acc", testAcc, "trial", best.index(), "trials", results.size(),
                "epochs", epochs, "seed", common.seed, "out", dir.toString());
        byte[] bestJson = (Json.string(summary) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve("best.json"), ch -> {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bestJson);
            while (b.hasRemaining()) ch.write(b);
        });
        if (common.json) {
            Json.print(System.out, summary);
        } else {
            System.out.printf(Locale.ROOT, "%5s %5s %9s  %s%n", "rank", "stage", "val acc", "configuration");
            for (int i = 0; i < results.size(); i++) {
                HyperparameterSearch.Trial t = results.get(i);
                System.out.printf(Locale.ROOT, "%5d %5d %8.2f %%  %s%n", i + 1, t.stage(), 100 * t.score(), format(t.params()));
            }
            System.out.printf(Locale.ROOT, "best: %s, validation %.2f %%%s; saved to %s%n", format(best.params()), 100 * best.score(),
                    testAcc == null ? "" : String.format(Locale.ROOT, ", test %.2f %%", 100 * testAcc), dir.resolve("best.json"));
        }
        return 0;
    }

    private static String format(Map<String, Double> params) {
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> parts.add(k + "=" + (v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf(v.longValue()) : String.format(Locale.ROOT, "%.3g", v))));
        return String.join(" ", parts);
    }

    private static void writeCsv(Path file, List<HyperparameterSearch.Param> space, List<HyperparameterSearch.Trial> results) throws IOException {
        StringBuilder sb = new StringBuilder("rank,trial,stage");
        for (HyperparameterSearch.Param p : space) sb.append(',').append(p.name());
        sb.append(",val_acc,seconds\n");
        for (int i = 0; i < results.size(); i++) {
            HyperparameterSearch.Trial t = results.get(i);
            sb.append(i + 1).append(',').append(t.index()).append(',').append(t.stage());
            for (HyperparameterSearch.Param p : space) sb.append(',').append(t.params().get(p.name()));
            sb.append(',').append(t.score()).append(',').append(String.format(Locale.ROOT, "%.3f", t.seconds())).append('\n');
        }
        Files.writeString(file, sb.toString());
    }
}

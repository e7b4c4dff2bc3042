package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fovea.train.TrainingEvent;

/**
 * The directory a training run writes: command.txt (the exact command line), metrics.csv (one row per
 * epoch), loss.png and accuracy.png, and the checkpoints last.safetensors and best.safetensors.
 */
final class RunDirectory {
    private final Path dir;
    private final List<String> rows = new ArrayList<>();

    private RunDirectory(Path dir) { this.dir = dir; }

    /**
     * Opens the run directory, creating it. A directory that already holds files is refused unless force
     * (or resuming, which continues its own run).
     */
    static RunDirectory open(Path requested, String model, boolean force, boolean resuming) throws IOException {
        Path dir = requested != null ? requested
                : Path.of("runs", model + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.isDirectory(dir) && !resuming && !force) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("output directory " + dir + " already holds a run; use --force to overwrite it or --out to choose another");
                }
            }
        }
        Files.createDirectories(dir);
        return new RunDirectory(dir);
    }

    Path path() { return dir; }
    Path last() { return dir.resolve("last.safetensors"); }
    Path best() { return dir.resolve("best.safetensors"); }

    /** Writes command.txt: {@code ./fovea} and the original arguments (the subcommand's name among them). */
    void writeCommand(String[] args) throws IOException {
        StringBuilder sb = new StringBuilder("./fovea");
        for (String a : args) sb.append(' ').append(a.matches("[\\w./:=,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        Files.writeString(dir.resolve("command.txt"), sb.append('\n').toString());
    }

    private static final String HEADER = "epoch,train_loss,train_acc,val_loss,val_acc,val_top5,lr,images_per_s,seconds,gc_seconds";

    /** Keeps the rows of epochs 1 … upTo of an earlier run in this directory (when resuming). */
    void keepEarlierEpochs(int upTo) throws IOException {
        Path csv = dir.resolve("metrics.csv");
        if (!Files.exists(csv)) return;
        for (String line : Files.readAllLines(csv)) {
            if (line.isBlank() || line.startsWith("epoch")) continue;
            if (Integer.parseInt(line.substring(0, line.indexOf(','))) <= upTo) rows.add(line);
        }
    }

    /** Appends an epoch to metrics.csv (rewritten whole and atomically enough: a small text file). */
    void record(TrainingEvent.EpochFinished r) throws IOException {
        String na = "";
        rows.add(String.format(Locale.ROOT, "%d,%.6f,%.6f,%s,%s,%s,%.6g,%.1f,%.3f,%.3f", r.epoch(), r.trainLoss(), r.trainAccuracy(),
                r.validation() == null ? na : String.format(Locale.ROOT, "%.6f", r.validation().loss()),
                r.validation() == null ? na : String.format(Locale.ROOT, "%.6f", r.validation().top1()),
                r.validation() == null ? na : String.format(Locale.ROOT, "%.6f", r.validation().top5()),
                r.lr(), r.imagesPerSecond(), r.seconds(), r.gcSeconds()));
        Files.writeString(dir.resolve("metrics.csv"), HEADER + "\n" + String.join("\n", rows) + "\n");
    }

    /** loss.png and accuracy.png from the rows of metrics.csv. */
    void plot() throws IOException {
        int n = rows.size();
        double[][] cols = new double[5][n];
        for (int i = 0; i < n; i++) {
            String[] f = rows.get(i).split(",", -1);
            for (int c = 0; c < 5; c++) cols[c][i] = f[c].isEmpty() ? Double.NaN : Double.parseDouble(f[c]);
        }
        Charts.line(dir.resolve("loss.png"), "Loss", "epoch", "cross-entropy", cols[0], List.of("train", "validation"), List.of(cols[1], cols[3]));
        Charts.line(dir.resolve("accuracy.png"), "Accuracy", "epoch", "top-1 accuracy", cols[0], List.of("train", "validation"), List.of(cols[2], cols[4]));
    }
}

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
    private final List<TrainingEvent.EpochFinished> epochs = new ArrayList<>();

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

    void writeCommand(String[] args) throws IOException {
        StringBuilder sb = new StringBuilder("./fovea train");
        for (String a : args) sb.append(' ').append(a.matches("[\\w./:=,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        Files.writeString(dir.resolve("command.txt"), sb.append('\n').toString());
    }

    /** Appends an epoch to metrics.csv (rewritten whole, so a resumed run keeps one coherent file). */
    void record(TrainingEvent.EpochFinished e, List<TrainingEvent.EpochFinished> previous) throws IOException {
        if (epochs.isEmpty()) epochs.addAll(previous);
        epochs.add(e);
        StringBuilder sb = new StringBuilder("epoch,train_loss,train_acc,val_loss,val_acc,val_top5,lr,images_per_s,seconds,gc_seconds\n");
        for (TrainingEvent.EpochFinished r : epochs) {
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%s,%s,%s,%.6g,%.1f,%.3f,%.3f%n", r.epoch(), r.trainLoss(), r.trainAccuracy(),
                    r.validation() == null ? "" : String.format(Locale.ROOT, "%.6f", r.validation().loss()),
                    r.validation() == null ? "" : String.format(Locale.ROOT, "%.6f", r.validation().top1()),
                    r.validation() == null ? "" : String.format(Locale.ROOT, "%.6f", r.validation().top5()),
                    r.lr(), r.imagesPerSecond(), r.seconds(), r.gcSeconds()));
        }
        Files.writeString(dir.resolve("metrics.csv"), sb.toString());
    }

    void plot() throws IOException {
        int n = epochs.size();
        double[] x = new double[n];
        double[] trainLoss = new double[n];
        double[] valLoss = new double[n];
        double[] trainAcc = new double[n];
        double[] valAcc = new double[n];
        for (int i = 0; i < n; i++) {
            TrainingEvent.EpochFinished e = epochs.get(i);
            x[i] = e.epoch();
            trainLoss[i] = e.trainLoss();
            trainAcc[i] = e.trainAccuracy();
            valLoss[i] = e.validation() == null ? Double.NaN : e.validation().loss();
            valAcc[i] = e.validation() == null ? Double.NaN : e.validation().top1();
        }
        Charts.line(dir.resolve("loss.png"), "Loss", "epoch", "cross-entropy", x, List.of("train", "validation"), List.of(trainLoss, valLoss));
        Charts.line(dir.resolve("accuracy.png"), "Accuracy", "epoch", "top-1 accuracy", x, List.of("train", "validation"), List.of(trainAcc, valAcc));
    }
}

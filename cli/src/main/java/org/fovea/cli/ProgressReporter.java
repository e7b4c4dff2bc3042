package org.fovea.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.fovea.train.TrainingEvent;

/**
 * Shows training on the terminal: a progress bar per epoch on stderr (step, loss, accuracy, images/s, ETA)
 * and an epoch summary; with --json, one JSON object per epoch on stdout instead of the summary.
 */
final class ProgressReporter implements Consumer<TrainingEvent> {
    private final boolean json;
    private final PrintStream out;
    private ProgressBar bar;
    private double smoothLoss = Double.NaN;
    private double smoothAcc = Double.NaN;

    ProgressReporter(boolean json, PrintStream out) {
        this.json = json;
        this.out = out;
    }

    @Override
    public void accept(TrainingEvent event) {
        switch (event) {
            case TrainingEvent.EpochStarted e -> {
                smoothLoss = Double.NaN;
                smoothAcc = Double.NaN;
                bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", e.epoch(), e.epochs()))
                        .setInitialMax(e.steps()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                        .setConsumer(new ConsoleProgressBarConsumer(System.err, 110)).showSpeed().setUnit(" steps", 1).build();
            }
            case TrainingEvent.StepFinished s -> {
                smoothLoss = Double.isNaN(smoothLoss) ? s.loss() : 0.95 * smoothLoss + 0.05 * s.loss();
                smoothAcc = Double.isNaN(smoothAcc) ? s.accuracy() : 0.95 * smoothAcc + 0.05 * s.accuracy();
                bar.stepTo(s.step());
                bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f acc %.3f %,.0f img/s", smoothLoss, smoothAcc, s.imagesPerSecond()));
            }
            case TrainingEvent.EpochFinished e -> {
                if (bar != null) bar.close();
                bar = null;
                if (json) {
                    out.println(epochJson(e));
                } else {
                    System.err.printf(Locale.ROOT, "epoch %d: train loss %.4f acc %.4f | val %s | lr %.3g | %,.0f img/s | %.1f s (GC %.2f s)%n",
                            e.epoch(), e.trainLoss(), e.trainAccuracy(),
                            e.validation() == null ? "-" : String.format(Locale.ROOT, "loss %.4f acc %.4f (gap %+.3f)",
                                    e.validation().loss(), e.validation().top1(), e.accuracyGap()),
                            e.lr(), e.imagesPerSecond(), e.seconds(), e.gcSeconds());
                }
            }
            case TrainingEvent.Finished f -> System.err.println("training finished: " + f.reason());
        }
    }

    static String epochJson(TrainingEvent.EpochFinished e) {
        var o = Json.object("name", "train.epoch", "epoch", e.epoch(), "train_loss", e.trainLoss(), "train_acc", e.trainAccuracy(),
                "val_loss", e.validation() == null ? null : e.validation().loss(),
                "val_acc", e.validation() == null ? null : e.validation().top1(),
                "lr", e.lr(), "images_per_s", e.imagesPerSecond(), "seconds", e.seconds(), "gc_seconds", e.gcSeconds(),
                "update_ratios", e.updateRatios());
        return Json.string(o);
    }
}

package org.fovea.dashboard;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.data.DataLoader;
import org.fovea.data.DataSets;
import org.fovea.data.DataSource;
import org.fovea.data.Dataset;
import org.fovea.data.Normalization;
import org.fovea.data.Splits;
import org.fovea.data.Subset;
import org.fovea.nn.Module;
import org.fovea.optim.SGD;
import org.fovea.optim.schedule.CosineAnnealingLR;
import org.fovea.train.Trainer;
import org.fovea.zoo.Models;

/** LeNet-5 (SGD with momentum, cosine schedule) on the first images of the embedded Fashion-MNIST subset, recorded for the dashboard as {@code fovea train --ui} does. */
final class ShortTraining {
    final Trainer trainer;
    final DataLoader loader;
    final Dataset validation;
    final TrainingRecorder recorder;
    /** Time spent in the recorder: on step events, and on the others (epoch pictures, confusion matrix). */
    long stepNanos, epochNanos;

    ShortTraining(RunStore store, Path runDirectory, int images, int epochs, int batch, int statsEvery) throws Exception {
        this(store, runDirectory, images, epochs, batch, statsEvery, true);
    }

    /** record = false: the same training without the recorder attached (to measure its cost). */
    ShortTraining(RunStore store, Path runDirectory, int images, int epochs, int batch, int statsEvery, boolean record) throws Exception {
        DataSource source = DataSets.embeddedFashionMnist();
        int[] first = new int[images];
        for (int i = 0; i < images; i++) first[i] = i;
        Splits.Split split = Splits.trainValidation(new Subset(source.train(), first), 0.2, 7);
        validation = split.validation();
        Normalization norm = Normalization.perChannel(split.train());
        int[] shape = split.train().imageShape();
        Map<String, Object> config = new LinkedHashMap<>(Map.of("channels", shape[0], "size", shape[1], "classes", 10));
        Module net = Models.create("lenet5", config, new SplittableRandom(7));
        SGD sgd = new SGD(net.parameters(), 0.02, 0.9, 0, false);
        trainer = new Trainer(net, sgd, new CosineAnnealingLR(sgd, epochs, 0), norm::apply, new Trainer.Options(epochs, 0, 0));
        loader = new DataLoader(split.train(), batch, 7, DataLoader.Options.training());
        recorder = TrainingRecorder.live(store, runDirectory, net, norm, shape, validation,
                new TrainingRecorder.Info(runDirectory.getFileName().toString(), "lenet5", "./fovea train --ui (test)", List.copyOf(source.classes())), statsEvery);
        if (record) trainer.addListener(e -> {
            long t0 = System.nanoTime();
            recorder.accept(e);
            long dt = System.nanoTime() - t0;
            if (e instanceof org.fovea.train.TrainingEvent.StepFinished) stepNanos += dt; else epochNanos += dt;
        });
    }

    void run() { trainer.fit(loader, validation, 0); }
}

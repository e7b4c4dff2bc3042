package org.fovea.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.data.Batch;
import org.fovea.data.Dataset;
import org.fovea.data.Normalization;
import org.fovea.nn.Module;
import org.fovea.nn.Summary;
import org.fovea.tensor.Tensor;
import org.fovea.train.Evaluation;
import org.fovea.train.TrainingEvent;
import org.fovea.viz.Filters;
import org.fovea.viz.Pictures;
import org.fovea.viz.Probe;
import org.fovea.viz.Saliency;

/**
 * Turns a {@link org.fovea.train.Trainer}'s events into the dashboard's event log: every step's loss, every
 * epoch's metrics, confusion matrix and update ratios, and, sampled every {@code statsEvery} steps or more
 * rarely (within {@link #BUDGET} of the training time), the layer statistics of {@link LayerStats} (the snapshot
 * for the update ratio is taken one step earlier). Each epoch
 * it draws the first layer's filters and, for a fixed panel of images (the first of each class), the
 * predicted label and a saliency map (one strip of {@link #PANEL} tiles of {@link #TILE} pixels), as PNG files
 * in the run's {@code dashboard/} folder.
 *
 * <p>It runs on the training thread, between steps; the cost is measured in docs/dashboard.md.
 */
public final class TrainingRecorder implements Consumer<TrainingEvent> {
    /** What the page shows about the run besides its curves. */
    public record Info(String run, String model, String command, List<String> classes) {}

    /** Steps between two samples of the layer statistics, unless told otherwise. */
    public static final int STATS_EVERY = 20;
    /**
     * Largest share of the training time the layer statistics may take: samples are spaced further apart than
     * statsEvery when one sample costs more than this share of statsEvery steps (tiny models, fast steps).
     */
    static final double BUDGET = 0.005;
    /** Images in the prediction panel and in the probe batch of the activation statistics. */
    static final int PANEL = 10, PROBE = 32;
    /** Pixels per image in the panel (28 × 28 images enlarged 3 times). */
    static final int TILE = 84;

    private final RunLog log;
    private final Path folder;
    private final Module model;
    private final Normalization normalization;
    private final int[] shape;
    private final int statsEvery;
    private final Tensor probeBatch;
    private final Tensor panelImages;
    private final int[] panelLabels;
    private Map<String, Tensor> snapshot;
    private long nextSample;
    private long lastStep;
    private double stepNanos;
    /** Layer-statistics samples taken and the time they took (read by the overhead measurement). */
    int samples;
    long sampleNanos;

    /**
     * samples: images for the panel and the probe batch (the validation set, say); normalization: what the
     * model's inputs go through (null for none); shape: (C, H, W) of one input.
     */
    public TrainingRecorder(RunLog log, Path folder, Module model, Normalization normalization, int[] shape,
                            Dataset samples, Info info, int statsEvery) {
        if (statsEvery < 1) throw new IllegalArgumentException("statsEvery must be >= 1, got " + statsEvery);
        this.log = log;
        this.folder = folder;
        this.model = model;
        this.normalization = normalization;
        this.shape = shape.clone();
        this.statsEvery = statsEvery;
        this.nextSample = statsEvery;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        int[] panel = panelIndices(samples, PANEL);
        Batch p = samples.batch(panel);
        panelImages = p.images();
        panelLabels = p.labels();
        int[] first = new int[Math.min(PROBE, samples.size())];
        for (int i = 0; i < first.length; i++) first[i] = i;
        probeBatch = normalize(samples.batch(first).images());
        List<Map<String, Object>> files = new ArrayList<>();
        for (int i = 0; i < panel.length; i++) {
            String file = "sample-" + i + ".png";
            Pictures.writePng(Pictures.enlarge(panelImages.select(0, i), 3), folder.resolve(file));
            files.add(Map.of("file", file, "label", info.classes().get(panelLabels[i])));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("type", "meta");
        meta.put("run", info.run());
        meta.put("model", info.model());
        meta.put("command", info.command());
        meta.put("classes", info.classes());
        meta.put("stats_every", statsEvery);
        meta.put("summary", summary(model, shape));
        meta.put("panel", files);
        log.append(meta);
    }

    /**
     * Records a run live: its events go to {@code runDirectory/dashboard/events.jsonl} (and its pictures beside
     * them) and the store shows it under the directory's name while it trains.
     */
    public static TrainingRecorder live(RunStore store, Path runDirectory, Module model, Normalization normalization, int[] shape,
                                        Dataset samples, Info info, int statsEvery) throws IOException {
        Path folder = runDirectory.resolve(RunStore.FOLDER);
        RunLog log = RunLog.live(folder.resolve(RunStore.EVENTS));
        TrainingRecorder recorder = new TrainingRecorder(log, folder, model, normalization, shape, samples, info, statsEvery);
        store.addLive(runDirectory.toAbsolutePath().normalize().getFileName().toString(), log);
        return recorder;
    }

    /** The run's event log. */
    public RunLog log() { return log; }

    @Override
    public void accept(TrainingEvent event) {
        switch (event) {
            case TrainingEvent.EpochStarted e -> log.append(Map.of("type", "epoch_started", "epoch", e.epoch(), "epochs", e.epochs(),
                    "steps", e.steps(), "lr", e.lr()));
            case TrainingEvent.StepFinished s -> step(s);
            case TrainingEvent.EpochFinished e -> epoch(e);
            case TrainingEvent.Finished f -> {
                log.append(Map.of("type", "finished", "epochs", f.epochs(), "reason", f.reason()));
                log.complete();
            }
        }
    }

    private void step(TrainingEvent.StepFinished s) {
        // The most frequent event, written directly (the loss is finite: the Trainer stops on a NaN or infinite loss).
        String line = "{\"type\":\"step\",\"epoch\":" + s.epoch() + ",\"step\":" + s.step() + ",\"steps\":" + s.steps()
                + ",\"global_step\":" + s.globalStep() + ",\"loss\":" + s.loss() + ",\"acc\":" + s.accuracy()
                + ",\"images_per_s\":" + (Double.isFinite(s.imagesPerSecond()) ? Double.toString(s.imagesPerSecond()) : "null") + "}";
        log.appendLine(line, s.step() == s.steps() || s.step() % 50 == 0);
        long now = System.nanoTime();
        if (s.step() > 1 && lastStep != 0) stepNanos = stepNanos == 0 ? now - lastStep : 0.9 * stepNanos + 0.1 * (now - lastStep);
        long g = s.globalStep();
        if (snapshot == null && g + 1 >= nextSample) {
            snapshot = copyParameters();   // the weights before the next step, for its update ratio
            nextSample = g + 1;
        } else if (snapshot != null && g >= nextSample) {
            long start = System.nanoTime();
            log.append(layers(s));
            snapshot = null;
            // Keep the sampling within its budget of the training time, however small the model's steps are.
            long cost = System.nanoTime() - start;
            samples++;
            sampleNanos += cost;
            nextSample = g + Math.max(statsEvery, stepNanos == 0 ? statsEvery : (long) Math.ceil(cost / (BUDGET * stepNanos)));
        }
        lastStep = System.nanoTime();
    }

    /** Weights, gradients (still those of this step: the next zeroGrad has not run) and activations. */
    private Map<String, Object> layers(TrainingEvent.StepFinished s) {
        List<Map<String, Object>> params = new ArrayList<>();
        model.namedParameters().forEach((name, p) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("weight", LayerStats.summary(p.data()));
            if (p.grad() != null) row.put("grad", LayerStats.summary(p.grad()));
            Tensor before = snapshot.get(name);
            if (before != null) row.put("ratio", finite(LayerStats.updateRatio(before, p.data())));
            params.add(row);
        });
        List<Map<String, Object>> acts = new ArrayList<>();
        LayerStats.activations(model, probeBatch).forEach((name, a) -> {
            Map<String, Object> row = new LinkedHashMap<>(LayerStats.summary(a));
            row.put("name", name);
            acts.add(row);
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "layers");
        m.put("epoch", s.epoch());
        m.put("global_step", s.globalStep());
        m.put("params", params);
        m.put("activations", acts);
        return m;
    }

    private void epoch(TrainingEvent.EpochFinished e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "epoch");
        m.put("epoch", e.epoch());
        m.put("train_loss", finite(e.trainLoss()));
        m.put("train_acc", e.trainAccuracy());
        Evaluation v = e.validation();
        if (v != null) {
            m.put("val_loss", finite(v.loss()));
            m.put("val_acc", v.top1());
            m.put("val_top5", v.top5());
            m.put("gap", e.accuracyGap());
            List<List<Long>> confusion = new ArrayList<>();
            for (long[] row : v.confusion()) confusion.add(Arrays.stream(row).boxed().toList());
            m.put("confusion", confusion);
        }
        m.put("lr", e.lr());
        m.put("images_per_s", finite(e.imagesPerSecond()));
        m.put("seconds", e.seconds());
        Map<String, Object> ratios = new LinkedHashMap<>();
        e.updateRatios().forEach((k, r) -> ratios.put(k, finite(r)));
        m.put("ratios", ratios);
        String filters = "filters-" + e.epoch() + ".png";
        if (drawFilters(folder.resolve(filters))) m.put("filters", filters);
        m.put("predictions", predictions(e.epoch()));
        m.put("saliency", "saliency-" + e.epoch() + ".png");
        log.append(m);
    }

    /** The first layer's weights as pictures: convolution filters, or a fully connected layer's rows as images. */
    private boolean drawFilters(Path file) {
        for (Variable p : model.namedParameters().values()) {
            Tensor w = p.data();
            if (w.dim() == 4) {
                Pictures.writePng(Filters.weightGrid(w, 0, w.size(2) <= 7 ? 6 : 2), file);
                return true;
            }
            if (w.dim() == 2 && w.size(1) == shape[0] * shape[1] * shape[2]) {
                int rows = Math.min(w.size(0), 64);
                Tensor images = w.narrow(0, 0, rows).contiguous().reshape(rows, shape[0], shape[1], shape[2]);
                Pictures.writePng(Filters.weightGrid(images, 0, 2), file);
                return true;
            }
            if (w.dim() >= 2) return false;
        }
        return false;
    }

    /** The panel's predicted labels, probabilities and saliency maps (of the predicted class). */
    private List<Map<String, Object>> predictions(int epoch) {
        boolean wasTraining = model.isTraining();
        Probe probe = new Probe(model, normalization, shape);
        try {
            Tensor scores;
            try (var scope = GradMode.noGrad()) {
                scores = probe.scores(panelImages).contiguous();
            }
            int n = panelLabels.length, c = scores.size(1);
            float[] s = scores.toArray();
            int[] predicted = new int[n];
            List<Map<String, Object>> out = new ArrayList<>();
            Tensor maps = Saliency.maps(probe, panelImages, argmax(s, n, c, predicted));
            // One PNG per epoch, the maps side by side (PNG files cost ~2 ms each; the page shows one tile per image).
            Tensor[] tiles = new Tensor[n];
            for (int i = 0; i < n; i++) tiles[i] = Pictures.enlarge(Pictures.heat(maps.select(0, i)), 3);
            Pictures.writePng(Tensor.concat(2, tiles), folder.resolve("saliency-" + epoch + ".png"));
            for (int i = 0; i < n; i++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("predicted", predicted[i]);
                row.put("label", panelLabels[i]);
                row.put("probability", softmaxAt(s, i, c, predicted[i]));
                out.add(row);
            }
            return out;
        } finally {
            model.train(wasTraining);
        }
    }

    private static int[] argmax(float[] s, int n, int c, int[] out) {
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) if (s[i * c + j] > s[i * c + best]) best = j;
            out[i] = best;
        }
        return out;
    }

    private static Double softmaxAt(float[] s, int i, int c, int k) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int j = 0; j < c; j++) max = Math.max(max, s[i * c + j]);
        for (int j = 0; j < c; j++) sum += Math.exp(s[i * c + j] - max);
        return finite(Math.exp(s[i * c + k] - max) / sum);
    }

    private Map<String, Tensor> copyParameters() {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> copy.put(name, p.data().copy()));
        return copy;
    }

    private Tensor normalize(Tensor images) { return normalization == null ? images : normalization.apply(images); }

    /** The first image of each class (in order of class), then further images, up to n. */
    static int[] panelIndices(Dataset data, int n) {
        int count = Math.min(n, data.size());
        List<Integer> picked = new ArrayList<>();
        boolean[] seen = new boolean[data.classes().size()];
        for (int i = 0; i < data.size() && picked.size() < count; i++) {
            int label = data.label(i);
            if (!seen[label]) {
                seen[label] = true;
                picked.add(i);
            }
        }
        for (int i = 0; i < data.size() && picked.size() < count; i++) if (!picked.contains(i)) picked.add(i);
        picked.sort((a, b) -> Integer.compare(data.label(a), data.label(b)));
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<Map<String, Object>> summary(Module model, int[] shape) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Summary s = Summary.of(model, shape);
        for (Summary.Layer l : s.layers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", l.name());
            row.put("type", l.type());
            row.put("output", Arrays.stream(l.outputShape()).boxed().toList());
            row.put("params", l.params());
            row.put("macs", l.macs());
            rows.add(row);
        }
        return rows;
    }

    private static Double finite(double v) { return Double.isFinite(v) ? v : null; }
}

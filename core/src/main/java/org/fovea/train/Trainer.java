package org.fovea.train;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.fovea.autograd.Variable;
import org.fovea.data.Batch;
import org.fovea.data.DataLoader;
import org.fovea.data.Dataset;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.nn.Module;
import org.fovea.optim.Optimizer;
import org.fovea.optim.schedule.LrScheduler;
import org.fovea.tensor.Tensor;

/**
 * The training loop, kept outside the models: mini-batch gradient descent on softmax cross-entropy with
 * validation after every epoch, an optional learning-rate schedule (stepped once per epoch, with the
 * validation accuracy for plateau schedules), gradient clipping by global norm and early stopping on a
 * validation plateau. Everything it observes is published as {@link TrainingEvent}s to its listeners.
 */
public final class Trainer {
    /**
     * epochs: total epochs; clipNorm: maximum global gradient norm (0 = off); patience: stop after this many
     * epochs without a better validation accuracy (0 = never).
     */
    public record Options(int epochs, double clipNorm, int patience) {
        public Options {
            if (epochs < 1) throw new IllegalArgumentException("Trainer: epochs must be >= 1, got " + epochs);
            if (clipNorm < 0) throw new IllegalArgumentException("Trainer: clipNorm must be >= 0 (0 = off), got " + clipNorm);
            if (patience < 0) throw new IllegalArgumentException("Trainer: patience must be >= 0 (0 = off), got " + patience);
        }
    }

    private final Module model;
    private final Optimizer optimizer;
    private final LrScheduler scheduler;
    private final UnaryOperator<Tensor> preprocess;
    private final Options options;
    private final List<Consumer<TrainingEvent>> listeners = new ArrayList<>();
    private final CrossEntropyLoss loss = new CrossEntropyLoss();
    private long globalStep;
    private Adversary adversary;
    private GradientHook gradientHook;

    /**
     * Makes adversarial versions of a batch: images in pixel space (before preprocessing) and their labels in,
     * perturbed images out — e.g. FGSM (Goodfellow et al. 2015). The model is in evaluation mode meanwhile.
     */
    @FunctionalInterface
    public interface Adversary {
        Tensor perturb(Tensor images, int[] labels);
    }

    /**
     * Adversarial training (Goodfellow et al. 2015, §6): each step minimises ½·J(x) + ½·J(x_adv), with x_adv
     * made from the current model by {@code adversary}. Null turns it off.
     */
    public Trainer setAdversary(Adversary adversary) {
        this.adversary = adversary;
        return this;
    }

    /**
     * Sees the gradients of every step after backward and before clipping and the optimiser step, and may
     * change them in place: data-parallel training averages them across replicas here (org.fovea.spark).
     */
    @FunctionalInterface
    public interface GradientHook {
        void afterBackward(List<Variable> parameters);
    }

    /** Installs the gradient hook; null removes it. */
    public Trainer setGradientHook(GradientHook hook) {
        this.gradientHook = hook;
        return this;
    }

    /** scheduler may be null; preprocess maps a batch of images before the model (normalisation). */
    public Trainer(Module model, Optimizer optimizer, LrScheduler scheduler, UnaryOperator<Tensor> preprocess, Options options) {
        this.model = model;
        this.optimizer = optimizer;
        this.scheduler = scheduler;
        this.preprocess = preprocess;
        this.options = options;
    }

    public Trainer addListener(Consumer<TrainingEvent> listener) {
        listeners.add(listener);
        return this;
    }

    /** Steps taken so far (restored when resuming). */
    public long globalStep() { return globalStep; }

    public void setGlobalStep(long step) { globalStep = step; }

    /**
     * Trains epochs firstEpoch … epochs − 1 (0-based; events number them from 1) and returns their summaries.
     * validation may be null.
     */
    public List<TrainingEvent.EpochFinished> fit(DataLoader train, Dataset validation, int firstEpoch) {
        List<TrainingEvent.EpochFinished> history = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        int sinceBest = 0;
        String reason = "completed " + options.epochs() + " epochs";
        for (int e = firstEpoch; e < options.epochs(); e++) {
            TrainingEvent.EpochFinished result = epoch(train, validation, e);
            history.add(result);
            double metric = result.validation() == null ? Double.NaN : result.validation().top1();
            if (scheduler != null) scheduler.step(metric);
            publish(result);
            if (metric > best) {
                best = metric;
                sinceBest = 0;
            } else if (options.patience() > 0 && ++sinceBest >= options.patience()) {
                reason = "early stop: validation accuracy has not improved for " + options.patience() + " epochs";
                break;
            }
        }
        publish(new TrainingEvent.Finished(history.size(), reason));
        return history;
    }

    private TrainingEvent.EpochFinished epoch(DataLoader train, Dataset validation, int e) {
        model.train();
        int steps = train.numBatches();
        publish(new TrainingEvent.EpochStarted(e + 1, options.epochs(), steps, optimizer.lr()));
        long start = System.nanoTime();
        long gcStart = gcMillis();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        Map<String, Double> ratios = Map.of();
        try (DataLoader.Epoch batches = train.epoch(e)) {
            int step = 0;
            while (batches.hasNext()) {
                Batch batch = batches.next();
                boolean last = ++step == steps;
                Tensor adversarial = null;
                if (adversary != null) {
                    model.eval();
                    adversarial = adversary.perturb(batch.images(), batch.labels());
                    model.train();
                }
                Tensor scores;
                double value;
                optimizer.zeroGrad();
                if (adversarial == null) {
                    // forward and backward; the batch split over the threads where the model allows it
                    ShardedStep.Result r = ShardedStep.run(model, loss, preprocess.apply(batch.images()), batch.labels());
                    scores = r.scores();
                    value = r.loss();
                } else {
                    Variable out = model.forward(preprocess.apply(batch.images()));
                    Variable advLoss = loss.forward(model.forward(preprocess.apply(adversarial)), batch.labels());
                    Variable l = loss.forward(out, batch.labels()).mul(0.5f).add(advLoss.mul(0.5f));
                    scores = out.data();
                    value = l.item();
                    if (Double.isFinite(value)) l.backward();
                }
                if (!Double.isFinite(value)) {
                    throw new TrainingDivergedException("the loss became " + value + " at epoch " + (e + 1) + ", step " + step
                            + " (learning rate " + optimizer.lr() + "); try a lower learning rate");
                }
                if (gradientHook != null) gradientHook.afterBackward(model.parameters());
                if (options.clipNorm() > 0) Optimizer.clipGradNorm(model.parameters(), options.clipNorm());
                Map<String, Tensor> before = last ? snapshot() : null;
                optimizer.step();
                if (last) ratios = updateRatios(before);
                globalStep++;
                int right = correct(scores, batch.labels());
                lossSum += value * batch.size();
                correct += right;
                seen += batch.size();
                double seconds = (System.nanoTime() - start) / 1e9;
                publish(new TrainingEvent.StepFinished(e + 1, step, steps, globalStep, value, (double) right / batch.size(),
                        seen / seconds));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double gcSeconds = (gcMillis() - gcStart) / 1e3;
        Evaluation val = validation == null ? null : Evaluation.of(model, validation, 256, preprocess);
        return new TrainingEvent.EpochFinished(e + 1, lossSum / seen, (double) correct / seen, val, optimizer.lr(),
                seen / seconds, seconds, gcSeconds, ratios);
    }

    private Map<String, Tensor> snapshot() {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> copy.put(name, p.data().copy()));
        return copy;
    }

    /** ‖w_after − w_before‖ / ‖w_before‖ per parameter. */
    private Map<String, Double> updateRatios(Map<String, Tensor> before) {
        Map<String, Double> out = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> {
            float[] now = p.data().toArray();
            float[] then = before.get(name).toArray();
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < now.length; i++) {
                diff += (double) (now[i] - then[i]) * (now[i] - then[i]);
                norm += (double) then[i] * then[i];
            }
            out.put(name, norm == 0 ? Double.NaN : Math.sqrt(diff / norm));
        });
        return out;
    }

    static int correct(Tensor scores, int[] labels) {
        float[] s = scores.contiguous().toArray();
        int c = scores.size(1);
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) if (s[i * c + j] > s[i * c + best]) best = j;
            if (best == labels[i]) right++;
        }
        return right;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) total += Math.max(gc.getCollectionTime(), 0);
        return total;
    }

    private void publish(TrainingEvent event) {
        for (Consumer<TrainingEvent> l : listeners) l.accept(event);
    }
}

package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.fovea.data.ClassSubset;
import org.fovea.data.DataLoader;
import org.fovea.data.DataSets;
import org.fovea.data.DataSource;
import org.fovea.data.Dataset;
import org.fovea.data.Normalization;
import org.fovea.data.PcaLighting;
import org.fovea.data.Splits;
import org.fovea.data.Subset;
import org.fovea.data.Transform;
import org.fovea.data.TransformSpec;
import org.fovea.io.Checkpoint;
import org.fovea.kernel.Parallel;
import org.fovea.nn.Module;
import org.fovea.optim.Optimizer;
import org.fovea.optim.schedule.LrScheduler;
import org.fovea.train.Evaluation;
import org.fovea.train.Trainer;
import org.fovea.train.TrainingEvent;
import org.fovea.train.WarmUp;
import org.fovea.viz.Adversarial;
import org.fovea.viz.Probe;
import org.fovea.zoo.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea train}: trains a model on a data set with validation every epoch, checkpoints (last and
 * best), metrics.csv and curves in the run directory, and a final test evaluation. Options left out take
 * the model's default recipe ({@link Recipes#defaults}). With --resume, the checkpoint's recipe is used and
 * training continues at the epoch after the one saved, with identical batches.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Trains a model, with progress, checkpoints and curves.")
final class TrainCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin RecipeOptions recipeOptions;
    @Option(names = "--model", description = "Model: ${COMPLETION-CANDIDATES}.", completionCandidates = ModelNames.class, defaultValue = "lenet5")
    String model;
    @Option(names = "--data", description = "Data set name or path (default ${DEFAULT-VALUE}).", defaultValue = "fashion-mnist") String data;
    @Option(names = "--data-dir", description = "Directory holding the data set's files.") Path dataDir;
    @Option(names = "--batch", description = "Mini-batch size (model default: 64).") Integer batch;
    @Option(names = "--augment", description = "Augmentation, e.g. flip,crop=2 (see fovea augment); default none.") String augment;
    @Option(names = "--hidden", description = "Hidden units of the mlp model (default ${DEFAULT-VALUE}).", defaultValue = "100") int hidden;
    @Option(names = "--val-split", description = "Fraction of the training set held out for validation (default ${DEFAULT-VALUE}; 0 = none).", defaultValue = "0.1") double valSplit;
    @Option(names = "--limit", description = "Train on the first N training images only (quick runs).") Integer limit;
    @Option(names = "--clip-norm", description = "Clip gradients to this global norm (default 0 = off).", defaultValue = "0") double clipNorm;
    @Option(names = "--patience", description = "Stop after this many epochs without better validation accuracy (0 = off).", defaultValue = "0") int patience;
    @Option(names = "--out", description = "Run directory (default runs/MODEL-TIMESTAMP).") Path out;
    @Option(names = "--force", description = "Overwrite a run directory that already holds a run.") boolean force;
    @Option(names = "--resume", description = "Continue from this checkpoint (e.g. runs/X/last.safetensors).") Path resume;
    @Option(names = "--threads", description = "Compute threads (default: all cores).") Integer threads;
    @Option(names = "--classes", description = "Train and test on these classes only, relabelled 0…k−1 (e.g. 5-9 or 0,2,4).") String classes;
    @Option(names = "--from", description = "Transfer learning: start from this checkpoint's weights wherever names and shapes match (the new head is trained from scratch).") Path fromCheckpoint;
    @Option(names = "--freeze", description = "Freeze parameters: 'features' (every layer before the first fully connected one) or name prefixes, e.g. 0.,3.") String freeze;
    @Option(names = "--adversarial", description = "Adversarial training: mix FGSM examples of this ε (pixel scale, e.g. 0.1) into every step.") Double adversarial;
    @Option(names = "--ui", description = "Show the training live in the browser dashboard (see fovea serve).") boolean ui;
    @Option(names = "--ui-port", description = "Port of the --ui dashboard (default ${DEFAULT-VALUE}; 0 = any free port).", defaultValue = "" + ServeCommand.DEFAULT_PORT) int uiPort;
    @Option(names = "--ui-host", description = "Address of the --ui dashboard (default ${DEFAULT-VALUE}: this machine only).", defaultValue = "127.0.0.1") String uiHost;
    @Option(names = "--head", description = "Outputs of the classifier head (default: the number of classes of the data).") Integer head;
    @Option(names = "--seq-length", description = "char-rnn: characters per window of truncated backpropagation through time (default 64).") Integer seqLength;
    @Option(names = "--layers", description = "char-rnn: stacked LSTM layers (default 2).") Integer layers;
    @Option(names = "--embedding", description = "char-rnn, text-cnn: embedding width (default 64, text-cnn 128).") Integer embedding;
    @Option(names = "--max-length", description = "text-cnn: tokens kept per text, shorter ones padded (default 400).") Integer maxLength;
    @Option(names = "--vocab-size", description = "text-cnn: most frequent training words kept (default 30000).") Integer vocabSize;
    @Option(names = "--time-limit", description = "char-rnn, text-cnn: stop training after this many minutes (then validate and save).") Double timeLimit;

    static final class ModelNames extends ArrayList<String> {
        ModelNames() {
            super(Models.NAMES);
            addAll(TEXT_MODELS);
        }
    }

    /** Models of text, trained by their own loops ({@link CharRnnTraining}, {@link TextCnnTraining}). */
    static final List<String> TEXT_MODELS = List.of(CharRnnTraining.MODEL, TextCnnTraining.MODEL);

    @Override
    public Integer call() throws IOException {
        if (threads != null) Parallel.setThreads(threads);
        if (TEXT_MODELS.contains(model) && resume == null) return trainText();
        var warmUp = WarmUp.start();
        Checkpoint from = resume == null ? null : Checkpoint.load(resume);
        if (from != null && TEXT_MODELS.contains(String.valueOf(from.metadata().get(Checkpoint.MODEL_NAME)))) {
            throw new IllegalArgumentException("--resume is not supported for " + from.metadata().get(Checkpoint.MODEL_NAME) + " runs; start a new run");
        }
        Map<String, Object> recipe = recipe(from);
        String modelName = (String) recipe.get("model");
        DataSource source = DataSets.resolve((String) recipe.get("data"), dataDir);
        System.err.println("data: " + source.description());
        Dataset train = source.train();
        Dataset testSet = source.hasSplit("test") ? source.test() : null;
        if (recipe.get("classes") != null) {
            int[] kept = ClassSubset.parse((String) recipe.get("classes"));
            train = ClassSubset.of(train, kept);
            if (testSet != null) testSet = ClassSubset.of(testSet, kept);
        }
        if (recipe.get("limit") != null) {
            int limit = Math.min(((Number) recipe.get("limit")).intValue(), train.size());
            int[] first = new int[limit];
            for (int i = 0; i < limit; i++) first[i] = i;
            train = new Subset(train, first);
        }
        Dataset validation = null;
        double split = ((Number) recipe.get("val_split")).doubleValue();
        long seed = ((Number) recipe.get("seed")).longValue();
        if (split > 0) {
            Splits.Split s = Splits.trainValidation(train, split, seed);
            train = s.train();
            validation = s.validation();
        }
        Dataset trainSet = train;
        Normalization norm = from == null ? Normalization.perChannel(train)
                : Normalization.fromMap(castMap(from.metadata().get(Checkpoint.NORMALIZATION)));
        int[] shape = train.imageShape();
        int outputs = recipe.get("head") != null ? ((Number) recipe.get("head")).intValue() : train.classes().size();
        if (outputs < train.classes().size()) {
            throw new IllegalArgumentException("--head " + outputs + " is smaller than the " + train.classes().size() + " classes of the data");
        }
        Map<String, Object> config = new LinkedHashMap<>(Map.of("channels", shape[0], "size", shape[1], "classes", outputs));
        if (modelName.equals("mlp")) config.put("hidden", ((Number) recipe.get("hidden")).intValue());
        Module net = Models.create(modelName, config, new SplittableRandom(seed));
        String optName = (String) recipe.get("optimizer");
        int totalEpochs = ((Number) recipe.get("epochs")).intValue();
        if (recipe.get("from") != null) transfer(net, Path.of((String) recipe.get("from")), (String) recipe.get("freeze"));
        else if (recipe.get("freeze") != null) freezePrefixes(net, (String) recipe.get("freeze"));
        Optimizer opt = Recipes.optimizer(optName, net.parameters(), RecipeOptions.num(recipe, "lr"), RecipeOptions.num(recipe, "momentum"), RecipeOptions.num(recipe, "weight_decay"));
        LrScheduler sched = Recipes.schedule((String) recipe.get("schedule"), opt, totalEpochs);
        int firstEpoch = 0;
        if (from != null) {
            checkSameModel(from, modelName, config);
            net.loadStateDict(from.model());
            opt.loadStateDict(RecipeOptions.prefixed(from.optimizer(), "opt."));
            if (sched != null) sched.loadStateDict(RecipeOptions.prefixed(from.optimizer(), "sched."));
            firstEpoch = ((Number) from.metadata().get(Checkpoint.EPOCH)).intValue();
            System.err.printf("resuming %s at epoch %d of %d%n", resume, firstEpoch + 1, totalEpochs);
        }
        Transform augmentation = recipe.get("augment") == null ? Transform.IDENTITY
                : TransformSpec.parse((String) recipe.get("augment"), shape, () -> PcaLighting.fit(source.train(), 0.1f));
        int batchSize = ((Number) recipe.get("batch")).intValue();
        DataLoader loader = new DataLoader(train, batchSize, seed, DataLoader.Options.training().withTransform(augmentation));

        RunDirectory run = RunDirectory.open(out != null ? out : resume != null ? resume.toAbsolutePath().getParent() : null, modelName, force, resume != null);
        run.writeCommand(commandLine());
        System.err.println("run directory: " + run.path());
        System.err.printf(Locale.ROOT, "kernels warmed up in %.2f s (background, during data loading)%n", warmUp.join());
        Trainer trainer = new Trainer(net, opt, sched, norm::apply, new Trainer.Options(totalEpochs, clipNorm, patience));
        if (recipe.get("adversarial") != null) {
            float eps = ((Number) recipe.get("adversarial")).floatValue();
            Probe probe = new Probe(net, norm, shape);
            trainer.setAdversary((images, labels) -> Adversarial.fgsm(probe, images, labels, eps));
        }
        if (from != null) trainer.setGlobalStep(((Number) from.metadata().get(Checkpoint.STEP)).longValue());
        trainer.addListener(new ProgressReporter(common.json, System.out));
        double[] best = {from == null ? Double.NEGATIVE_INFINITY : RecipeOptions.num(from.metadata(), "best_val_acc")};
        run.keepEarlierEpochs(firstEpoch);
        trainer.addListener(event -> {
            if (!(event instanceof TrainingEvent.EpochFinished e)) return;
            try {
                run.record(e);
                double acc = e.validation() == null ? e.trainAccuracy() : e.validation().top1();
                if (acc > best[0]) best[0] = acc;
                Checkpoint ckpt = checkpoint(net, opt, sched, recipe, config, norm, trainSet, e.epoch(), trainer.globalStep(), best[0]);
                ckpt.save(run.last());
                if (acc >= best[0]) ckpt.save(run.best());
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException("cannot write the run directory " + run.path() + ": " + ex.getMessage(), ex);
            }
        });
        LiveDashboard dashboard = !ui ? null : LiveDashboard.start(uiHost, uiPort, run.path(), trainer, net, norm, shape,
                validation != null ? validation : trainSet, modelName);
        long start = System.nanoTime();
        List<TrainingEvent.EpochFinished> history = trainer.fit(loader, validation, firstEpoch);
        double seconds = (System.nanoTime() - start) / 1e9;
        run.plot();
        Evaluation test = testSet != null ? Evaluation.of(net, testSet, 256, norm::apply) : null;
        TrainingEvent.EpochFinished lastEpoch = history.isEmpty() ? null : history.get(history.size() - 1);
        if (common.json) {
            Json.print(System.out, Json.object("name", "train", "model", modelName, "data", source.name(),
                    "epoch", lastEpoch == null ? firstEpoch : lastEpoch.epoch(),
                    "train_loss", lastEpoch == null ? null : lastEpoch.trainLoss(), "train_acc", lastEpoch == null ? null : lastEpoch.trainAccuracy(),
                    "val_acc", lastEpoch == null || lastEpoch.validation() == null ? null : lastEpoch.validation().top1(),
                    "test_acc", test == null ? null : test.top1(), "test_top5", test == null ? null : test.top5(),
                    "images_per_s", lastEpoch == null ? null : lastEpoch.imagesPerSecond(), "seconds", seconds,
                    "run", run.path().toString()));
        } else if (test != null) {
            System.out.printf(Locale.ROOT, "test accuracy %.2f %% (top-5 %.2f %%) on %d images after %d epochs, %.1f s; run in %s%n",
                    100 * test.top1(), 100 * test.top5(), test.count(), lastEpoch == null ? firstEpoch : lastEpoch.epoch(), seconds, run.path());
        }
        if (dashboard != null) dashboard.finish();
        return 0;
    }

    /** The recipe: a checkpoint's when resuming (epochs may be extended), else options over the model's defaults. */
    private Map<String, Object> recipe(Checkpoint from) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (from != null) {
            r.putAll(castMap(from.metadata().get("recipe")));
            if (recipeOptions.epochs != null) r.put("epochs", recipeOptions.epochs);
            return r;
        }
        if (!Models.NAMES.contains(model)) {
            throw new IllegalArgumentException("unknown model '" + model + "'; known models: " + String.join(", ", Models.NAMES));
        }
        r.putAll(Recipes.defaults(model));
        r.put("model", model);
        r.put("data", data);
        r.put("seed", common.seed);
        r.put("val_split", valSplit);
        r.put("hidden", hidden);
        if (limit != null) r.put("limit", limit);
        if (augment != null) r.put("augment", augment);
        if (classes != null) r.put("classes", classes);
        if (fromCheckpoint != null) r.put("from", fromCheckpoint.toAbsolutePath().toString());
        if (freeze != null) r.put("freeze", freeze);
        if (head != null) r.put("head", head);
        if (adversarial != null) {
            if (!(adversarial > 0 && adversarial < 1)) throw new IllegalArgumentException("--adversarial ε must be in (0, 1), got " + adversarial);
            r.put("adversarial", adversarial);
        }
        if (batch != null) r.put("batch", batch);
        recipeOptions.putInto(r);
        return r;
    }

    static Checkpoint checkpoint(Module net, Optimizer opt, LrScheduler sched, Map<String, Object> recipe, Map<String, Object> config,
                                         Normalization norm, Dataset train, int epoch, long step, double best) {
        Map<String, org.fovea.tensor.Tensor> optState = new LinkedHashMap<>();
        opt.stateDict().forEach((k, v) -> optState.put("opt." + k, v));
        if (sched != null) sched.stateDict().forEach((k, v) -> optState.put("sched." + k, v));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(Checkpoint.MODEL_NAME, recipe.get("model"));
        meta.put(Checkpoint.MODEL_CONFIG, config);
        meta.put(Checkpoint.EPOCH, epoch);
        meta.put(Checkpoint.STEP, step);
        meta.put(Checkpoint.RNG_STATE, "seed=" + recipe.get("seed") + "; batches and augmentation derive from (seed, epoch, batch)");
        meta.put(Checkpoint.NORMALIZATION, norm.toMap());
        meta.put(Checkpoint.CLASS_NAMES, train.classes());
        meta.put(Checkpoint.OPTIMIZER_NAME, recipe.get("optimizer"));
        meta.put(Checkpoint.OPTIMIZER_CONFIG, Map.of("lr", recipe.get("lr"), "momentum", recipe.get("momentum"), "weight_decay", recipe.get("weight_decay")));
        meta.put("recipe", recipe);
        meta.put("best_val_acc", best);
        return new Checkpoint(net.stateDict(), optState, meta);
    }

    /**
     * Loads a checkpoint's weights wherever names and shapes match, except the head (new classes); with freeze
     * "features" the convolutional layers stop training and the fully connected ones are fine-tuned
     * (CS231n lecture 9, transfer learning with little data).
     */
    private static void transfer(Module net, Path checkpoint, String freeze) throws IOException {
        Checkpoint pretrained = Checkpoint.load(checkpoint);
        // The head (the module owning the last parameter) starts afresh: its classes are new.
        List<String> names = List.copyOf(net.namedParameters().keySet());
        String last = names.get(names.size() - 1);
        String headPrefix = last.substring(0, last.lastIndexOf('.') + 1);
        Map<String, org.fovea.tensor.Tensor> body = new LinkedHashMap<>(pretrained.model());
        body.keySet().removeIf(k -> k.startsWith(headPrefix));
        List<String> fresh = net.loadMatching(body);
        if (fresh.size() == net.stateDict().size()) {
            throw new IllegalArgumentException("no tensor of " + checkpoint + " fits this model (a checkpoint of another architecture?)");
        }
        System.err.println("transfer: loaded " + (net.stateDict().size() - fresh.size()) + " tensors from " + checkpoint
                + "; trained from scratch: " + fresh);
        if ("features".equals(freeze)) {
            // The convolutional feature extractor: every parameter before the first fully connected layer's.
            String firstLinear = firstLinear(net, "");
            boolean before = true;
            for (var e : net.namedParameters().entrySet()) {
                if (firstLinear != null && e.getKey().startsWith(firstLinear)) before = false;
                e.getValue().requiresGrad(!before || fresh.contains(e.getKey()));
            }
        } else if (freeze != null) {
            freezePrefixes(net, freeze);
        }
    }

    /** The name prefix ("7.") of the first Linear module in registration order, or null. */
    private static String firstLinear(Module m, String prefix) {
        for (var e : m.children().entrySet()) {
            if (e.getValue() instanceof org.fovea.nn.Linear) return prefix + e.getKey() + ".";
            String inner = firstLinear(e.getValue(), prefix + e.getKey() + ".");
            if (inner != null) return inner;
        }
        return null;
    }

    private static void freezePrefixes(Module net, String spec) {
        if (spec.equals("features")) throw new IllegalArgumentException("--freeze features needs --from (pretrained features to freeze)");
        List<String> prefixes = List.of(spec.split(","));
        int frozen = 0;
        for (var e : net.namedParameters().entrySet()) {
            if (prefixes.stream().anyMatch(e.getKey()::startsWith)) {
                e.getValue().requiresGrad(false);
                frozen++;
            }
        }
        if (frozen == 0) throw new IllegalArgumentException("--freeze " + spec + " matches no parameter; names: " + net.namedParameters().keySet());
    }

    private static void checkSameModel(Checkpoint from, String model, Map<String, Object> config) {
        Object saved = from.metadata().get(Checkpoint.MODEL_NAME);
        if (!model.equals(saved)) throw new IllegalArgumentException("the checkpoint holds a '" + saved + "' model, not '" + model + "'");
    }


    @SuppressWarnings("unchecked")
    static Map<String, Object> castMap(Object o) {
        if (!(o instanceof Map<?, ?> m)) throw new IllegalArgumentException("the checkpoint's metadata lacks a required map");
        return (Map<String, Object>) m;
    }


    /** The recipe of a text model: its defaults, overridden by the options given; image-only options are refused. */
    private Integer trainText() throws IOException {
        for (var o : new Object[][] {{"--augment", augment}, {"--classes", classes}, {"--from", fromCheckpoint}, {"--freeze", freeze},
                {"--adversarial", adversarial}, {"--head", head}}) {
            if (o[1] != null) throw new IllegalArgumentException(o[0] + " applies to image models, not to " + model);
        }
        boolean charRnn = model.equals(CharRnnTraining.MODEL);
        Map<String, Object> r = new LinkedHashMap<>(charRnn ? CharRnnTraining.defaults() : TextCnnTraining.defaults());
        r.put("model", model);
        r.put("data", data);
        r.put("seed", common.seed);
        r.put("val_split", valSplit);
        recipeOptions.putInto(r);
        var parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--hidden")) r.put("hidden", hidden);
        if (parsed.hasMatchedOption("--clip-norm")) r.put("clip_norm", clipNorm);
        Object[][] given = {{"batch", batch}, {"limit", limit},
                {"seq_length", seqLength}, {"layers", layers}, {"embedding", embedding}, {"max_length", maxLength}, {"vocab_size", vocabSize},
                {"time_limit", timeLimit}};
        for (Object[] g : given) if (g[1] != null) r.put((String) g[0], g[1]);
        return charRnn ? CharRnnTraining.run(this, r) : TextCnnTraining.run(this, r);
    }

    String[] commandLineArgs() { return commandLine(); }

    private String[] commandLine() {
        return spec.commandLine().getParseResult().originalArgs().toArray(new String[0]);
    }

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
}

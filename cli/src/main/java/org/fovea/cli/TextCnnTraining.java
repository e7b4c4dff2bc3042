package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.data.Splits;
import org.fovea.io.Checkpoint;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.optim.Optimizer;
import org.fovea.optim.schedule.LrScheduler;
import org.fovea.text.LabelledTexts;
import org.fovea.text.TextCNN;
import org.fovea.text.Tokenizer;
import org.fovea.text.Vocabulary;

/**
 * {@code fovea train --model text-cnn --data reviews:FILE}: Kim (2014)'s convolutional classifier on labelled
 * texts (a JSON array of {"t": text, "s": label}). A seeded, class-stratified half of the texts is held out
 * as the test set; 10 % of the other half (--val-split) validates every epoch. The vocabulary comes from the
 * training texts only. Default recipe: embedding 128, 100 filters of widths 3, 4, 5, dropout 0.5, the first
 * 400 tokens of each text (shorter batches padded to their longest text), vocabulary of 30,000 words,
 * batch 50, Adam lr 10⁻³, 4 epochs with a cosine schedule.
 */
final class TextCnnTraining {
    static final String MODEL = "text-cnn";
    static final String VOCABULARY = "vocabulary";
    private static final int[] WIDTHS = {3, 4, 5};

    private TextCnnTraining() {}

    static Map<String, Object> defaults() {
        return Map.of("optimizer", "adam", "lr", 1e-3, "epochs", 4, "batch", 50, "schedule", "cosine",
                "embedding", 128, "hidden", 100, "max_length", 400, "vocab_size", 30000, "dropout", 0.5);
    }

    /** Token indices of each text, truncated to maxLength. */
    private record Encoded(int[][] tokens, int[] labels) {
        int size() { return labels.length; }
    }

    static int run(TrainCommand cmd, Map<String, Object> recipe) throws IOException {
        String data = (String) recipe.get("data");
        if (!data.startsWith("reviews:")) {
            throw new IllegalArgumentException("--model text-cnn reads --data reviews:FILE (a JSON array of {\"t\": text, \"s\": label}), got '" + data + "'");
        }
        Path file = Path.of(data.substring("reviews:".length()));
        long seed = ((Number) recipe.get("seed")).longValue();
        long t0 = System.nanoTime();
        LabelledTexts all = LabelledTexts.readJson(file);
        List<List<String>> tokens = new ArrayList<>(all.size());
        for (String t : all.texts()) tokens.add(Tokenizer.tokenize(t));
        int[][] halves = stratifiedSplit(all.labels(), 0.5, seed);
        int[] testIdx = halves[1];
        int[] trainIdx = halves[0];
        if (recipe.get("limit") != null) {
            double kept = Math.min(1, CharRnnTraining.integer(recipe, "limit") / (double) trainIdx.length);
            trainIdx = map(trainIdx, stratifiedSplit(labelsOf(all, trainIdx), kept, seed + 2)[0]);
        }
        double split = RecipeOptions.num(recipe, "val_split");
        int[] valIdx = new int[0];
        if (split > 0) {
            int[][] tv = stratifiedSplit(labelsOf(all, trainIdx), 1 - split, seed + 1);
            valIdx = map(trainIdx, tv[1]);
            trainIdx = map(trainIdx, tv[0]);
        }
        List<List<String>> trainTokens = new ArrayList<>();
        for (int i : trainIdx) trainTokens.add(tokens.get(i));
        Vocabulary vocab = Vocabulary.build(trainTokens, CharRnnTraining.integer(recipe, "vocab_size"), 1);
        int maxLength = CharRnnTraining.integer(recipe, "max_length");
        Encoded train = encode(all, tokens, trainIdx, vocab, maxLength);
        Encoded val = encode(all, tokens, valIdx, vocab, maxLength);
        Encoded test = encode(all, tokens, testIdx, vocab, maxLength);
        System.err.printf(Locale.ROOT, "data: %s, %,d texts, %d classes; %,d training, %,d validation, %,d test (held out); vocabulary %,d words; read in %.1f s%n",
                file, all.size(), all.classes(), train.size(), val.size(), test.size(), vocab.size(), (System.nanoTime() - t0) / 1e9);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("vocab", vocab.size());
        config.put("embedding", CharRnnTraining.integer(recipe, "embedding"));
        config.put("filters", CharRnnTraining.integer(recipe, "hidden"));
        config.put("classes", all.classes());
        config.put("dropout", RecipeOptions.num(recipe, "dropout"));
        TextCNN net = create(config, new SplittableRandom(seed));
        int epochs = CharRnnTraining.integer(recipe, "epochs");
        int batch = CharRnnTraining.integer(recipe, "batch");
        Optimizer opt = Recipes.optimizer((String) recipe.get("optimizer"), net.parameters(), RecipeOptions.num(recipe, "lr"),
                RecipeOptions.num(recipe, "momentum"), RecipeOptions.num(recipe, "weight_decay"));
        LrScheduler sched = Recipes.schedule((String) recipe.get("schedule"), opt, epochs);
        double clip = RecipeOptions.num(recipe, "clip_norm");
        double minutes = recipe.get("time_limit") == null ? Double.POSITIVE_INFINITY : RecipeOptions.num(recipe, "time_limit");
        RunDirectory run = RunDirectory.open(cmd.out, MODEL, cmd.force, false);
        run.writeCommand(cmd.commandLineArgs());
        System.err.println("run directory: " + run.path() + "; " + net.parameterCount() + " parameters");
        Path metrics = run.path().resolve("metrics.csv");
        Files.writeString(metrics, "epoch,train_loss,train_acc,val_acc,lr,texts_per_s,seconds\n");

        CrossEntropyLoss loss = new CrossEntropyLoss();
        long start = System.nanoTime();
        double best = Double.NEGATIVE_INFINITY;
        int epoch = 0;
        boolean outOfTime = false;
        while (epoch < epochs && !outOfTime) {
            net.train();
            int[] order = Splits.permutation(train.size(), new SplittableRandom(seed + 100 + epoch));
            double sum = 0;
            int correct = 0;
            int seen = 0;
            long epochStart = System.nanoTime();
            for (int b = 0; b < order.length && !outOfTime; b += batch) {
                int[] rows = java.util.Arrays.copyOfRange(order, b, Math.min(order.length, b + batch));
                int[] y = new int[rows.length];
                Variable scores = net.forward(batchTokens(train, rows, y, net.maxWidth()));
                Variable l = loss.forward(scores, y);
                opt.zeroGrad();
                l.backward();
                if (clip > 0) Optimizer.clipGradNorm(net.parameters(), clip);
                opt.step();
                sum += l.data().item() * rows.length;
                correct += countCorrect(scores, y);
                seen += rows.length;
                if ((b / batch + 1) % 50 == 0) {
                    System.err.printf(Locale.ROOT, "epoch %d: %,d/%,d texts, loss %.4f, accuracy %.4f, %.0f texts/s%n", epoch + 1, seen, order.length,
                            sum / seen, (double) correct / seen, seen / ((System.nanoTime() - epochStart) / 1e9));
                }
                outOfTime = (System.nanoTime() - start) / 6e10 >= minutes;
            }
            epoch++;
            double trainAcc = (double) correct / seen;
            Double valAcc = val.size() > 0 ? accuracy(net, val) : null;
            double seconds = (System.nanoTime() - start) / 1e9;
            double speed = seen / ((System.nanoTime() - epochStart) / 1e9);
            System.err.printf(Locale.ROOT, "epoch %d: train loss %.4f, train accuracy %.4f, validation accuracy %s, %.0f s%n",
                    epoch, sum / seen, trainAcc, valAcc == null ? "- (no validation split)" : String.format(Locale.ROOT, "%.4f", valAcc), seconds);
            Files.writeString(metrics, String.format(Locale.ROOT, "%d,%.6f,%.6f,%s,%.6g,%.1f,%.1f%n", epoch, sum / seen, trainAcc,
                    valAcc == null ? "" : String.format(Locale.ROOT, "%.6f", valAcc), opt.lr(), speed, seconds), StandardOpenOption.APPEND);
            if (cmd.common.json) {
                Json.print(System.out, Json.object("name", "train.epoch", "model", MODEL, "epoch", epoch, "train_loss", sum / seen,
                        "train_acc", trainAcc, "val_acc", valAcc, "seconds", seconds));
            }
            // Without a validation split, "best" falls back to the training accuracy (never to the test set).
            double score = valAcc != null ? valAcc : trainAcc;
            if (sched != null) sched.step(score);
            Checkpoint ckpt = checkpoint(net, recipe, config, vocab, epoch, score);
            ckpt.save(run.last());
            if (score > best) {
                best = score;
                ckpt.save(run.best());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double testAcc = accuracy(net, test);
        if (cmd.common.json) {
            Json.print(System.out, Json.object("name", "train", "model", MODEL, "data", data, "epoch", epoch, "value", testAcc, "unit", "accuracy",
                    "val_acc", val.size() > 0 ? best : null, "test_acc", testAcc, "seconds", seconds, "run", run.path().toString()));
        } else {
            System.out.printf(Locale.ROOT, "test accuracy %.2f %% on %,d held-out texts after %d epochs, %.1f s of training; run in %s%n",
                    100 * testAcc, test.size(), epoch, seconds, run.path());
        }
        return 0;
    }

    static TextCNN create(Map<String, Object> config, SplittableRandom rng) {
        return new TextCNN(CharRnnTraining.integer(config, "vocab"), CharRnnTraining.integer(config, "embedding"), WIDTHS,
                CharRnnTraining.integer(config, "filters"), CharRnnTraining.integer(config, "classes"), RecipeOptions.num(config, "dropout"), rng);
    }

    /** Top-1 accuracy in evaluation mode, batches of 200. */
    private static double accuracy(TextCNN net, Encoded set) {
        net.eval();
        int correct = 0;
        try (var scope = GradMode.noGrad()) {
            for (int b = 0; b < set.size(); b += 200) {
                int[] rows = new int[Math.min(200, set.size() - b)];
                for (int i = 0; i < rows.length; i++) rows[i] = b + i;
                int[] y = new int[rows.length];
                correct += countCorrect(net.forward(batchTokens(set, rows, y, net.maxWidth())), y);
            }
        } finally {
            net.train();
        }
        return (double) correct / set.size();
    }

    private static int countCorrect(Variable scores, int[] y) {
        org.fovea.tensor.Tensor best = scores.data().argmax(1, false);
        int c = 0;
        for (int i = 0; i < y.length; i++) if ((int) best.get(i) == y[i]) c++;
        return c;
    }

    /** The rows' tokens padded (index 0) to the longest of them, at least minLength; their labels into y. */
    private static int[][] batchTokens(Encoded set, int[] rows, int[] y, int minLength) {
        int length = minLength;
        for (int r : rows) length = Math.max(length, set.tokens()[r].length);
        int[][] out = new int[rows.length][length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(set.tokens()[rows[i]], 0, out[i], 0, set.tokens()[rows[i]].length);
            y[i] = set.labels()[rows[i]];
        }
        return out;
    }

    private static Encoded encode(LabelledTexts all, List<List<String>> tokens, int[] idx, Vocabulary vocab, int maxLength) {
        int[][] t = new int[idx.length][];
        int[] y = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            List<String> words = tokens.get(idx[i]);
            t[i] = vocab.encode(words, Math.min(maxLength, words.size()));
            y[i] = all.labels()[idx[i]];
        }
        return new Encoded(t, y);
    }

    /** Indices split per class in the given fraction, each class shuffled with the seed: {first part, rest}. */
    static int[][] stratifiedSplit(int[] labels, double fraction, long seed) {
        int classes = 0;
        for (int l : labels) classes = Math.max(classes, l + 1);
        List<Integer> first = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) if (labels[i] == c) members.add(i);
            java.util.Collections.shuffle(members, rng);
            int k = (int) Math.round(members.size() * fraction);
            first.addAll(members.subList(0, k));
            rest.addAll(members.subList(k, members.size()));
        }
        java.util.Collections.sort(first);
        java.util.Collections.sort(rest);
        return new int[][] {first.stream().mapToInt(Integer::intValue).toArray(), rest.stream().mapToInt(Integer::intValue).toArray()};
    }

    private static int[] labelsOf(LabelledTexts all, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = all.labels()[idx[i]];
        return out;
    }

    private static int[] map(int[] base, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = base[idx[i]];
        return out;
    }

    private static Checkpoint checkpoint(TextCNN net, Map<String, Object> recipe, Map<String, Object> config, Vocabulary vocab, int epoch, double valAcc) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(Checkpoint.MODEL_NAME, MODEL);
        meta.put(Checkpoint.MODEL_CONFIG, config);
        meta.put(Checkpoint.EPOCH, epoch);
        meta.put(VOCABULARY, vocab.words());
        meta.put(Checkpoint.CLASS_NAMES, config.get("classes").equals(2) ? List.of("negative", "positive") : List.of());
        meta.put("recipe", recipe);
        meta.put("selection_acc", valAcc);
        return new Checkpoint(net.stateDict(), Map.of(), meta);
    }
}

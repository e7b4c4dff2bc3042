package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.io.Checkpoint;
import org.fovea.optim.Optimizer;
import org.fovea.optim.schedule.LrScheduler;
import org.fovea.rnn.RecurrentState;
import org.fovea.rnn.TemporalCrossEntropy;
import org.fovea.text.CharRNN;
import org.fovea.text.CharStreams;
import org.fovea.text.CharVocabulary;
import org.fovea.text.TextFiles;

/**
 * {@code fovea train --model char-rnn --data text:FILE}: a character-level LSTM language model trained with
 * truncated backpropagation through time on the first 90 % of a UTF-8 text (--val-split), validated after
 * every epoch in bits per character on the rest. The checkpoint holds the vocabulary, so {@code fovea sample}
 * needs nothing else. Default recipe: 2 LSTM layers of 256, embedding 64, windows of 64 characters,
 * batch 32 (more updates per character than 64 × 100, which learned more slowly per minute on Moby Dick),
 * Adam lr 3·10⁻³ with a cosine schedule, gradients clipped to norm 5.
 */
final class CharRnnTraining {
    static final String MODEL = "char-rnn";
    /** A checkpoint's metadata key: the vocabulary's code points in index order. */
    static final String VOCABULARY = "vocabulary";

    private CharRnnTraining() {}

    static Map<String, Object> defaults() {
        return Map.of("optimizer", "adam", "lr", 3e-3, "epochs", 10, "batch", 32, "schedule", "cosine",
                "hidden", 256, "layers", 2, "embedding", 64, "seq_length", 64, "clip_norm", 5.0);
    }

    static int run(TrainCommand cmd, Map<String, Object> recipe) throws IOException {
        String data = (String) recipe.get("data");
        if (!data.startsWith("text:")) throw new IllegalArgumentException("--model char-rnn reads --data text:FILE (a UTF-8 text), got '" + data + "'");
        Path file = Path.of(data.substring("text:".length()));
        String text = TextFiles.readUtf8(file);
        CharVocabulary vocab = CharVocabulary.of(text);
        int[] all = vocab.encode(text);
        if (recipe.get("limit") != null) all = Arrays.copyOf(all, Math.min(all.length, ((Number) recipe.get("limit")).intValue()));
        double split = RecipeOptions.num(recipe, "val_split");
        if (!(split > 0 && split < 1)) throw new IllegalArgumentException("--model char-rnn needs a validation split in (0, 1), got " + split);
        int cut = (int) Math.round(all.length * (1 - split));
        int[] train = Arrays.copyOfRange(all, 0, cut);
        int[] val = Arrays.copyOfRange(all, cut, all.length);
        int batch = integer(recipe, "batch");
        int steps = integer(recipe, "seq_length");
        CharStreams trainStreams = new CharStreams(train, batch, steps);
        CharStreams valStreams = new CharStreams(val, Math.max(1, Math.min(batch, (val.length - 1) / (steps + 1))), steps);
        System.err.printf(Locale.ROOT, "data: %s, %,d characters, %d distinct; %,d for training, %,d for validation%n",
                file, all.length, vocab.size(), train.length, val.length);

        long seed = ((Number) recipe.get("seed")).longValue();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("vocab", vocab.size());
        config.put("embedding", integer(recipe, "embedding"));
        config.put("hidden", integer(recipe, "hidden"));
        config.put("layers", integer(recipe, "layers"));
        CharRNN net = create(config, new SplittableRandom(seed));
        int epochs = integer(recipe, "epochs");
        Optimizer opt = Recipes.optimizer((String) recipe.get("optimizer"), net.parameters(), RecipeOptions.num(recipe, "lr"), RecipeOptions.num(recipe, "momentum"), RecipeOptions.num(recipe, "weight_decay"));
        LrScheduler sched = Recipes.schedule((String) recipe.get("schedule"), opt, epochs);
        double clip = RecipeOptions.num(recipe, "clip_norm");
        double minutes = recipe.get("time_limit") == null ? Double.POSITIVE_INFINITY : RecipeOptions.num(recipe, "time_limit");
        RunDirectory run = RunDirectory.open(cmd.out, MODEL, cmd.force, false);
        run.writeCommand(cmd.commandLineArgs());
        System.err.println("run directory: " + run.path() + "; model " + net + ", " + net.parameterCount() + " parameters");
        Path metrics = run.path().resolve("metrics.csv");
        Files.writeString(metrics, "epoch,train_loss,val_loss,val_bits_per_char,lr,chars_per_s,seconds\n");

        TemporalCrossEntropy loss = new TemporalCrossEntropy();
        long start = System.nanoTime();
        double best = Double.POSITIVE_INFINITY;
        double lastBits = Double.NaN;
        int epoch = 0;
        boolean outOfTime = false;
        while (epoch < epochs && !outOfTime) {
            net.train();
            Iterator<CharStreams.Window> windows = trainStreams.windows(epoch == 0 ? 0 : new SplittableRandom(seed + epoch).nextInt(steps));
            RecurrentState state = null;
            double sum = 0;
            int count = 0;
            long epochStart = System.nanoTime();
            while (windows.hasNext()) {
                CharStreams.Window w = windows.next();
                CharRNN.Output o = net.forward(w.inputs(), state);
                Variable l = loss.forward(o.scores(), w.targets(), null);
                opt.zeroGrad();
                l.backward();
                if (clip > 0) Optimizer.clipGradNorm(net.parameters(), clip);
                opt.step();
                state = o.state().detach();
                sum += l.data().item();
                count++;
                if (count % 20 == 0) {
                    double s = (System.nanoTime() - epochStart) / 1e9;
                    System.err.printf(Locale.ROOT, "epoch %d window %d/%d: loss %.3f (%.3f bits/char), %,.0f chars/s%n", epoch + 1, count,
                            trainStreams.windowsPerPass(), sum / count, sum / count / Math.log(2), count * (double) batch * steps / s);
                }
                if ((System.nanoTime() - start) / 6e10 >= minutes) {
                    outOfTime = true;
                    System.err.printf(Locale.ROOT, "time limit of %.1f min reached in epoch %d%n", minutes, epoch + 1);
                    break;
                }
            }
            epoch++;
            double valLoss = evaluate(net, valStreams, loss);
            lastBits = valLoss / Math.log(2);
            double seconds = (System.nanoTime() - start) / 1e9;
            double speed = count * (double) batch * steps / ((System.nanoTime() - epochStart) / 1e9);
            System.err.printf(Locale.ROOT, "epoch %d: train loss %.4f, validation %.4f bits/char, %.0f s%n", epoch, sum / Math.max(count, 1), lastBits, seconds);
            Files.writeString(metrics, String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6g,%.1f,%.1f%n", epoch, sum / Math.max(count, 1),
                    valLoss, lastBits, opt.lr(), speed, seconds), StandardOpenOption.APPEND);
            if (cmd.common.json) {
                Json.print(System.out, Json.object("name", "train.epoch", "model", MODEL, "epoch", epoch, "train_loss", sum / Math.max(count, 1),
                        "val_loss", valLoss, "val_bits_per_char", lastBits, "chars_per_s", speed, "seconds", seconds));
            }
            if (sched != null) sched.step(-lastBits);
            Checkpoint ckpt = checkpoint(net, recipe, config, vocab, epoch, lastBits);
            ckpt.save(run.last());
            if (lastBits < best) {
                best = lastBits;
                ckpt.save(run.best());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (cmd.common.json) {
            Json.print(System.out, Json.object("name", "train", "model", MODEL, "data", data, "epoch", epoch, "value", best, "unit", "bits/char",
                    "val_bits_per_char", best, "seconds", seconds, "run", run.path().toString()));
        } else {
            System.out.printf(Locale.ROOT, "validation %.4f bits/char (best; last %.4f) on %,d characters after %d epochs, %.1f s; run in %s%n",
                    best, lastBits, val.length, epoch, seconds, run.path());
        }
        return 0;
    }

    /** Mean cross-entropy (nats per character) over every window of the validation text, the state carried along. */
    static double evaluate(CharRNN net, CharStreams streams, TemporalCrossEntropy loss) {
        net.eval();
        try (var scope = GradMode.noGrad()) {
            Iterator<CharStreams.Window> windows = streams.windows(0);
            RecurrentState state = null;
            double sum = 0;
            int count = 0;
            while (windows.hasNext()) {
                CharStreams.Window w = windows.next();
                CharRNN.Output o = net.forward(w.inputs(), state);
                state = o.state();
                sum += loss.forward(o.scores(), w.targets(), null).data().item();
                count++;
            }
            return sum / count;
        } finally {
            net.train();
        }
    }

    static CharRNN create(Map<String, Object> config, SplittableRandom rng) {
        return new CharRNN(integer(config, "vocab"), integer(config, "embedding"), integer(config, "hidden"), integer(config, "layers"), rng);
    }

    private static Checkpoint checkpoint(CharRNN net, Map<String, Object> recipe, Map<String, Object> config, CharVocabulary vocab, int epoch, double bits) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(Checkpoint.MODEL_NAME, MODEL);
        meta.put(Checkpoint.MODEL_CONFIG, config);
        meta.put(Checkpoint.EPOCH, epoch);
        meta.put(VOCABULARY, Arrays.stream(vocab.codePoints()).boxed().toList());
        meta.put("recipe", recipe);
        meta.put("val_bits_per_char", bits);
        return new Checkpoint(net.stateDict(), Map.of(), meta);
    }

    static int integer(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Number n)) throw new IllegalArgumentException("missing setting '" + key + "'");
        return n.intValue();
    }

}

package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.fovea.io.Checkpoint;
import org.fovea.text.CharRNN;
import org.fovea.text.CharVocabulary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea sample}: text from a char-rnn checkpoint. The network first reads the prime, then draws each
 * next character from softmax(scores / temperature). Characters of the prime that the model never saw (not
 * in the vocabulary stored in the checkpoint) cannot be read: they are left out of what the network reads,
 * kept in the printed prime, and named in a warning on stderr. An empty prime (or one of unknown characters
 * only) starts from a line feed, or from the first character of the vocabulary if it has none.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Generates text with a trained char-rnn model.")
final class SampleCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--checkpoint", required = true, description = "A checkpoint of fovea train --model char-rnn.") Path checkpoint;
    @Option(names = "--length", defaultValue = "500", description = "Characters to generate (default ${DEFAULT-VALUE}).") int length;
    @Option(names = "--temperature", defaultValue = "0.8",
            description = "Softmax temperature: lower is more conservative, 0 always takes the most probable character (default ${DEFAULT-VALUE}).")
    double temperature;
    @Option(names = "--prime", defaultValue = "", description = "Text the model reads first and continues (default: a line break).") String prime;

    @Override
    public Integer call() throws IOException {
        if (length < 1) throw new IllegalArgumentException("--length must be >= 1, got " + length);
        if (!(temperature >= 0) || Double.isInfinite(temperature)) throw new IllegalArgumentException("--temperature must be finite and >= 0, got " + temperature);
        Checkpoint ckpt = Checkpoint.load(checkpoint);
        Map<String, Object> meta = ckpt.metadata();
        if (!CharRnnTraining.MODEL.equals(meta.get(Checkpoint.MODEL_NAME))) {
            throw new IllegalArgumentException("the checkpoint " + checkpoint + " holds a '" + meta.get(Checkpoint.MODEL_NAME)
                    + "' model; fovea sample needs one of fovea train --model char-rnn");
        }
        if (!(meta.get(CharRnnTraining.VOCABULARY) instanceof List<?> cps) || !(meta.get(Checkpoint.MODEL_CONFIG) instanceof Map<?, ?> cfg)) {
            throw new IllegalArgumentException("the checkpoint " + checkpoint + " lacks its vocabulary or model configuration");
        }
        CharVocabulary vocab = new CharVocabulary(cps.stream().mapToInt(c -> ((Number) c).intValue()).toArray());
        @SuppressWarnings("unchecked")
        CharRNN net = CharRnnTraining.create((Map<String, Object>) cfg, new SplittableRandom(0));
        try {
            net.loadStateDict(ckpt.model());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the checkpoint " + checkpoint + " does not fit its char-rnn configuration: " + e.getMessage(), e);
        }
        net.eval();
        List<String> unknown = new ArrayList<>();
        int[] primed = vocab.encodeKnown(prime, unknown);
        if (!unknown.isEmpty()) {
            System.err.println("sample: the model never saw " + String.join(", ", unknown.stream().distinct().toList())
                    + "; left out of what it reads (kept in the printed prime)");
        }
        if (primed.length == 0) primed = new int[] {Math.max(vocab.indexOf('\n'), 0)};
        String text = vocab.decode(net.sample(primed, length, temperature, new SplittableRandom(common.seed)));
        if (common.json) {
            Json.print(System.out, Json.object("name", "sample", "prime", prime, "text", text, "temperature", temperature,
                    "unknown", unknown.stream().distinct().toList(), "checkpoint", checkpoint.toString()));
        } else {
            System.out.println(prime + text);
        }
        return 0;
    }
}

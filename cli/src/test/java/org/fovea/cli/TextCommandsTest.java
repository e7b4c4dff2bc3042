package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fovea train --model char-rnn | text-cnn, fovea sample and the LSTM benchmark, end to end on tiny inputs. */
class TextCommandsTest {
    @TempDir Path dir;

    private Path text() throws Exception {
        StringBuilder sb = new StringBuilder();
        String[] words = {"call", "me", "ishmael", "the", "whale", "sea", "ship", "white"};
        for (int i = 0; i < 700; i++) sb.append(words[(i * 7 + i / 3) % words.length]).append(i % 11 == 10 ? ".\n" : " ");
        Path f = dir.resolve("tiny.txt");
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test
    void trainsACharRnnAndSamplesFromIt() throws Exception {
        CommandRunner.Result r = CommandRunner.run("train", "--model", "char-rnn", "--data", "text:" + text(), "--epochs", "2", "--batch", "8",
                "--seq-length", "20", "--hidden", "32", "--layers", "1", "--embedding", "8", "--lr", "0.01", "--out", dir.resolve("run").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = r.json();
        assertEquals(3, lines.size(), r.out());
        JsonNode result = lines.get(2);
        assertEquals("bits/char", result.get("unit").asText());
        double bits = result.get("val_bits_per_char").asDouble();
        assertTrue(bits > 0 && bits < Math.log(13) / Math.log(2), "below a uniform guess over the 13 characters: " + bits);
        assertTrue(lines.get(1).get("val_bits_per_char").asDouble() < lines.get(0).get("val_bits_per_char").asDouble(), r.out());
        assertEquals(3, Files.readAllLines(dir.resolve("run/metrics.csv")).size());

        Path ckpt = dir.resolve("run/best.safetensors");
        CommandRunner.Result s = CommandRunner.run("sample", "--checkpoint", ckpt.toString(), "--length", "40", "--prime", "Call me", "--json");
        assertEquals(0, s.code(), s.err());
        JsonNode sample = s.json().get(0);
        assertEquals(40, sample.get("text").asText().length());
        assertEquals("'C' (U+0043)", sample.get("unknown").get(0).asText(), "the tiny text is lower case");
        assertTrue(s.err().contains("never saw 'C' (U+0043)"), s.err());
        CommandRunner.Result again = CommandRunner.run("sample", "--checkpoint", ckpt.toString(), "--length", "40", "--prime", "Call me", "--json");
        assertEquals(sample.get("text").asText(), again.json().get(0).get("text").asText(), "same seed, same text");
        CommandRunner.Result plain = CommandRunner.run("sample", "--checkpoint", ckpt.toString(), "--length", "10", "--prime", "", "--temperature", "0");
        assertEquals(0, plain.code(), plain.err());
        assertEquals(11, plain.out().length(), "ten characters and a line break: " + plain.out());
        CommandRunner.Result hot = CommandRunner.run("sample", "--checkpoint", ckpt.toString(), "--temperature", "-1");
        assertEquals(2, hot.code());
        assertTrue(hot.err().contains("--temperature"), hot.err());
    }

    @Test
    void badTextFilesGiveOneClearLine() throws Exception {
        Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
        Path binary = Files.write(dir.resolve("data.bin"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "naïve café".getBytes(StandardCharsets.ISO_8859_1));
        for (Path f : List.of(empty, binary, latin1)) {
            CommandRunner.Result r = CommandRunner.run("train", "--model", "char-rnn", "--data", "text:" + f, "--out", dir.resolve("x").toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("fovea train: " + f), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        CommandRunner.Result missing = CommandRunner.run("train", "--model", "char-rnn", "--data", "text:" + dir.resolve("none.txt"));
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("none.txt"), missing.err());
        CommandRunner.Result image = CommandRunner.run("sample", "--checkpoint", empty.toString());
        assertEquals(2, image.code());
        assertTrue(image.err().contains("empty.txt"), image.err());
        CommandRunner.Result wrongData = CommandRunner.run("train", "--model", "char-rnn", "--data", "fashion-mnist");
        assertTrue(wrongData.err().contains("text:FILE"), wrongData.err());
    }

    @Test
    void trainsATextCnnAndReportsHeldOutAccuracy() throws Exception {
        Path reviews = dir.resolve("reviews.json");
        try (InputStream in = getClass().getResourceAsStream("/text/reviews-small.json")) {
            Files.copy(in, reviews);
        }
        CommandRunner.Result r = CommandRunner.run("train", "--model", "text-cnn", "--data", "reviews:" + reviews, "--epochs", "8", "--batch", "6",
                "--embedding", "16", "--hidden", "8", "--lr", "0.01", "--val-split", "0", "--out", dir.resolve("run").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode result = r.json().get(r.json().size() - 1);
        assertTrue(result.get("test_acc").asDouble() >= 0.8, "the 30 held-out reviews carry obvious words: " + result);
        assertTrue(r.err().contains("30 training, 0 validation, 30 test"), r.err());
        CommandRunner.Result bad = CommandRunner.run("train", "--model", "text-cnn", "--data", "reviews:" + text());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("not valid JSON") && bad.err().contains("tiny.txt"), bad.err());
    }

    @Test
    void benchesTheLstm() {
        CommandRunner.Result r = CommandRunner.run("bench", "train", "--model", "lstm", "--steps", "2", "--repeat", "1", "--hidden", "32", "--batch", "4", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json().get(0);
        assertEquals("train.lstm.input64.hidden32.T50.batch4.threads" + org.fovea.kernel.Parallel.threads(), o.get("name").asText());
        assertEquals("sequences/s", o.get("unit").asText());
        assertTrue(o.get("value").asDouble() > 0);
    }
}

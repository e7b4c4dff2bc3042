package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fovea search on a slice of the embedded Fashion-MNIST subset. */
class SearchCommandTest {
    private static CommandRunner.Result search(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("search", "--data", "fashion-mnist-embedded", "--limit", "600", "--epochs", "1",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return CommandRunner.run(args.toArray(new String[0]));
    }

    @Test
    void randomCoarseToFineSearchIsReproducibleAndSavesTheBest(@TempDir Path dir) throws Exception {
        String[] opts = {"--model", "linear", "--trials", "3", "--stages", "2", "--param", "lr=log:1e-4:1e-1", "--param", "reg=log:1e-6:1e-2",
                "--json", "--seed", "9"};
        CommandRunner.Result a = search(dir.resolve("a"), opts), b = search(dir.resolve("b"), opts);
        assertEquals(0, a.code() + b.code(), a.err() + b.err());
        List<JsonNode> ja = a.json(), jb = b.json();
        assertEquals(7, ja.size(), a.out());
        for (int i = 0; i < 6; i++) {
            assertEquals("search.trial", ja.get(i).get("name").asText());
            assertEquals(ja.get(i).get("params"), jb.get(i).get("params"), "same seed, same configurations");
        }
        assertEquals(2, ja.get(5).get("stage").asInt());
        JsonNode best = ja.get(6);
        assertEquals("search", best.get("name").asText());
        assertTrue(best.get("test_acc").isNull(), "no --test: the test set is not scored");
        JsonNode saved = new ObjectMapper().readTree(Files.readString(dir.resolve("a/best.json")));
        assertEquals(best.get("params"), saved.get("params"));
        assertEquals(7, Files.readAllLines(dir.resolve("a/trials.csv")).size());
    }

    @Test
    void gridSearchOfAnMlpWithAFinalTestScore(@TempDir Path dir) {
        CommandRunner.Result r = search(dir, "--model", "mlp", "--strategy", "grid", "--trials", "4", "--param", "lr=log:1e-2:1e-1",
                "--param", "hidden=int:20:40", "--test");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("best: ") && r.out().contains(", test "), r.out());
        assertEquals(4, r.err().lines().filter(l -> l.startsWith("trial ")).count(), r.err());
    }

    @Test
    void clearErrors(@TempDir Path dir) {
        CommandRunner.Result r = search(dir.resolve("x"), "--model", "linear", "--param", "hidden=int:1:2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("model linear has no parameter 'hidden'"), r.err());
        r = search(dir.resolve("y"), "--model", "mlp", "--param", "lr=log:0:1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("a log range needs low > 0"), r.err());
        r = search(dir.resolve("z"), "--model", "vgg", "--param", "lr=log:1e-3:1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown model 'vgg'") && !r.err().contains("\tat "), r.err());
    }
}

package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** fovea knn on a slice of the embedded Fashion-MNIST subset; also hosts the runner the linear and search tests share. */
class KnnCommandTest {
    /** The classic commands under a root with Main's error handling, whatever Main registers. */
    @Command(name = "fovea", subcommands = {KnnCommand.class, LinearCommand.class, SearchCommand.class})
    static final class Root {}

    record Result(int code, String out, String err) {
        List<JsonNode> json() throws Exception {
            List<JsonNode> nodes = new ArrayList<>();
            ObjectMapper mapper = new ObjectMapper();
            for (String line : out.split("\n")) if (!line.isBlank()) nodes.add(mapper.readTree(line));
            return nodes;
        }
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = new CommandLine(new Root());
            cli.setErr(new PrintWriter(System.err, true));
            cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
                if (e instanceof IllegalArgumentException || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException
                        || e instanceof org.fovea.train.TrainingDivergedException) {
                    cmd.getErr().println("fovea " + cmd.getCommandName() + ": " + e.getMessage());
                    return 2;
                }
                throw e;
            });
            int code = cli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void crossValidatesKThenScoresTheTestSetOnce(@TempDir Path dir) throws Exception {
        Result r = run("knn", "--data", "fashion-mnist-embedded", "--limit", "1500", "--test-limit", "400", "--k", "1,3,7", "--folds", "3",
                "--json", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        List<JsonNode> json = r.json();
        assertEquals(4, json.size(), r.out());
        for (int i = 0; i < 3; i++) {
            assertEquals("knn.cv", json.get(i).get("name").asText());
            assertEquals(3, json.get(i).get("folds").size());
            assertTrue(json.get(i).get("value").asDouble() > 0.6, json.get(i).toString());
        }
        JsonNode test = json.get(3);
        assertEquals("knn.test", test.get("name").asText());
        assertEquals(400, test.get("test_images").asInt());
        assertTrue(test.get("test_acc").asDouble() > 0.65, test.toString());
        assertTrue(Files.size(dir.resolve("knn-accuracy.png")) > 1000);
    }

    @Test
    void humanOutputAndClearErrors(@TempDir Path dir) {
        Result r = run("knn", "--data", "fashion-mnist-embedded", "--limit", "300", "--test-limit", "50", "--k", "1,2", "--folds", "2",
                "--metric", "l1", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("k =   1:") && r.out().contains("chosen k = "), r.out());
        r = run("knn", "--data", "fashion-mnist-embedded", "--metric", "l3", "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--metric must be l1 or l2"), r.err());
        r = run("knn", "--data", "fashion-mnist-embedded", "--limit", "20", "--k", "50", "--out", dir.resolve("y").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("larger than a fold's training set") && !r.err().contains("\tat "), r.err());
    }
}

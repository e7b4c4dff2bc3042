package org.fovea.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the fovea command line in this JVM (Main.run), capturing stdout and stderr. */
final class CommandRunner {
    record Result(int code, String out, String err) {
        /** Every stdout line parsed as JSON; fails if a line is not. */
        List<JsonNode> json() {
            List<JsonNode> nodes = new ArrayList<>();
            ObjectMapper mapper = new ObjectMapper();
            for (String line : out.split("\n")) {
                if (line.isBlank()) continue;
                try {
                    nodes.add(mapper.readTree(line));
                } catch (java.io.IOException e) {
                    throw new UncheckedIOException("stdout line is not JSON: " + line, e);
                }
            }
            return nodes;
        }
    }

    private CommandRunner() {}

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}

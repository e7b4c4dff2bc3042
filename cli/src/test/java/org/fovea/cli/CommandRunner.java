package org.fovea.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Runs the commands of eval, predict and summary (and train, to make checkpoints) under a root command
 * with Main's error handling, capturing stdout and stderr; independent of which commands Main registers.
 */
final class CommandRunner {
    @Command(name = "fovea", subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, SummaryCommand.class})
    static final class Root {}

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
            CommandLine cli = new CommandLine(new Root());
            cli.setErr(new java.io.PrintWriter(System.err, true));
            cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
                if (e instanceof IllegalArgumentException || e instanceof java.io.IOException || e instanceof UncheckedIOException) {
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
}

package org.fovea.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fovea} command: one subcommand per job (see the README and DESIGN.md for the contract). */
@Command(name = "fovea", mixinStandardHelpOptions = true, version = "Fovea 0.1.0",
        description = "Deep learning for visual recognition, in pure Java.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, SummaryCommand.class, KnnCommand.class, LinearCommand.class, SearchCommand.class, VizCommand.class, BenchCommand.class, GradcheckCommand.class, SampleCommand.class, DataCommand.class, AugmentCommand.class, OnnxCommand.class, SparkCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // A user's mistake (bad option value, wrong shape, corrupt file) gets one clear line, no stack trace.
            if (e instanceof IllegalArgumentException || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException
                    || e instanceof org.fovea.train.TrainingDivergedException || e instanceof org.fovea.onnx.OnnxException) {
                cmd.getErr().println("fovea " + cmd.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}

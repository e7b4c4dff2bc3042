package org.fovea.cli;

import picocli.CommandLine.Command;

/** {@code fovea bench …}: performance figures, each against a peer measured in the same run when asked. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (training throughput; kernels).",
        subcommands = {BenchTrainCommand.class, BenchKernelsCommand.class, BenchInferCommand.class})
final class BenchCommand {
}

package org.fovea.cli;

import picocli.CommandLine.Option;

/** Options every command takes: {@code --seed} and {@code --json} (stdout then holds only JSON lines). */
public final class CommonOptions {
    @Option(names = "--seed", description = "Seed of every random generator the command uses (default: ${DEFAULT-VALUE}).", defaultValue = "42")
    public long seed;

    @Option(names = "--json", description = "Print only JSON objects, one per line, on stdout; progress goes to stderr.")
    public boolean json;
}

package org.fovea.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.fovea.dashboard.DashboardServer;
import org.fovea.dashboard.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea serve}: the browser dashboard over finished runs (each sub-directory of --runs that holds a
 * metrics.csv; runs trained with --ui also have per-step losses, layer statistics and pictures). Read-only,
 * and only on 127.0.0.1 unless --host says otherwise.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serves the training dashboard in the browser.")
final class ServeCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 8231;

    @Mixin CommonOptions common;
    @Option(names = "--runs", description = "Directory holding run directories (default ${DEFAULT-VALUE}).", defaultValue = "runs") Path runs;
    @Option(names = "--port", description = "Port (default ${DEFAULT-VALUE}; 0 = any free port).", defaultValue = "" + DEFAULT_PORT) int port;
    @Option(names = "--host", description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 exposes the dashboard to the network).",
            defaultValue = "127.0.0.1") String host;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(runs)) {
            throw new IllegalArgumentException("no directory " + runs + " (train a model first, e.g. ./fovea train --ui, or pass --runs DIR)");
        }
        DashboardServer server = DashboardServer.start(new RunStore(runs), host, port);
        announce(server, host);
        if (common.json) Json.print(System.out, Json.object("name", "serve", "url", server.uri().toString(), "runs", runs.toString()));
        else System.out.println("dashboard: " + server.uri() + " (Ctrl-C stops it)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /** Tells on stderr where the dashboard is, and warns when it is reachable from other machines. */
    static void announce(DashboardServer server, String host) {
        System.err.println("dashboard: " + server.uri());
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            System.err.println("dashboard: listening on " + host + ": anyone who can reach this machine can see the runs (read-only)");
        }
    }
}

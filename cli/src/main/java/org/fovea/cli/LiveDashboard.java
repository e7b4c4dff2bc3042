package org.fovea.cli;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fovea.dashboard.DashboardServer;
import org.fovea.dashboard.RunStore;
import org.fovea.dashboard.TrainingRecorder;
import org.fovea.data.Dataset;
import org.fovea.data.Normalization;
import org.fovea.nn.Module;
import org.fovea.train.Trainer;

/**
 * {@code fovea train --ui}: the dashboard serving the runs beside this one (so earlier runs can be compared)
 * with this run live, its statistics recorded into the run directory for later replays by {@code fovea serve}.
 */
final class LiveDashboard {
    private final DashboardServer server;

    private LiveDashboard(DashboardServer server) { this.server = server; }

    /** Starts the server (on a free port if the asked one is taken) and attaches the recorder to the trainer. */
    static LiveDashboard start(String host, int port, Path runDirectory, Trainer trainer, Module model, Normalization normalization,
                               int[] shape, Dataset samples, String modelName) throws IOException {
        Path dir = runDirectory.toAbsolutePath().normalize();
        RunStore store = new RunStore(dir.getParent());
        String command = Files.readString(dir.resolve("command.txt")).strip();
        trainer.addListener(TrainingRecorder.live(store, dir, model, normalization, shape, samples,
                new TrainingRecorder.Info(dir.getFileName().toString(), modelName, command, samples.classes()), TrainingRecorder.STATS_EVERY));
        DashboardServer server;
        try {
            server = DashboardServer.start(store, host, port);
        } catch (BindException e) {
            System.err.println("dashboard: port " + port + " is taken; using a free one");
            server = DashboardServer.start(store, host, 0);
        }
        ServeCommand.announce(server, host);
        return new LiveDashboard(server);
    }

    /** After training: on a terminal the dashboard stays up until Enter is pressed; otherwise it stops now. */
    void finish() throws IOException {
        var console = System.console();
        if (console != null && console.isTerminal()) {
            System.err.println("dashboard: training done; still serving " + server.uri() + " — press Enter to stop");
            console.readLine();
        }
        server.close();
    }
}

package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fovea train --ui records the dashboard's events into the run directory; fovea serve checks its arguments. */
class ServeCommandTest {
    @Test
    void trainWithUiRecordsTheRunForTheDashboard(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("lenet5-ui");
        CommandRunner.Result r = CommandRunner.run("train", "--data", "fashion-mnist-embedded", "--limit", "800", "--epochs", "1",
                "--batch", "32", "--json", "--ui", "--ui-port", "0", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("dashboard: http://127.0.0.1:"), r.err());
        assertEquals(2, r.json().size(), "one epoch and the result; the dashboard writes to stderr only");
        List<String> events = Files.readAllLines(run.resolve("dashboard/events.jsonl"));
        assertTrue(events.get(0).contains("\"type\":\"meta\"") && events.get(0).contains("--ui"), events.get(0));
        assertTrue(events.stream().anyMatch(e -> e.contains("\"type\":\"layers\"")), "720 images in batches of 32: layer statistics at step 20");
        assertTrue(events.get(events.size() - 1).contains("\"type\":\"finished\""));
        assertTrue(Files.exists(run.resolve("dashboard/filters-1.png")));
    }

    @Test
    void serveNeedsARunsDirectory(@TempDir Path dir) {
        CommandRunner.Result r = CommandRunner.run("serve", "--runs", dir.resolve("missing").toString(), "--port", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no directory"), r.err());
    }
}

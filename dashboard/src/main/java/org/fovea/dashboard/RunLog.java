package org.fovea.dashboard;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fovea.io.Json;

/**
 * The events of one run as JSON lines, in order: the whole history of a finished run (replayed from its
 * directory) or the growing history of a live one, which readers follow by waiting for new lines. A live log
 * also appends each line to its file ({@code dashboard/events.jsonl} in the run directory), so the run can be
 * replayed later by {@code fovea serve}.
 */
public final class RunLog {
    /** Most lines handed out by one {@link #await}, so a long history is sent in slices. */
    static final int MAX_BATCH = 4096;

    private final List<String> lines = new ArrayList<>();
    private final BufferedWriter file;
    private boolean complete;

    private RunLog(BufferedWriter file) { this.file = file; }

    /** A finished run's events; readers get them all and then the end. */
    public static RunLog replay(List<String> lines) {
        RunLog log = new RunLog(null);
        log.lines.addAll(lines);
        log.complete = true;
        return log;
    }

    /** A live run whose events are also appended to {@code file} (created with its parent directories). */
    public static RunLog live(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new RunLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
    }

    /** Appends one event (a JSON object) and wakes the readers. */
    public void append(Map<String, ?> event) { appendLine(Json.write(event), true); }

    /**
     * Appends one event already written as a JSON object on one line. The file is flushed when {@code flush}
     * (frequent small events skip it; readers of a live run read the memory, not the file).
     */
    public void appendLine(String line, boolean flush) {
        synchronized (this) {
            if (complete) throw new IllegalStateException("the run's log is complete");
            lines.add(line);
            if (file != null) {
                try {
                    file.write(line);
                    file.write('\n');
                    if (flush) file.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot append to the dashboard's event log: " + e.getMessage(), e);
                }
            }
            notifyAll();
        }
    }

    /** No more events will come (the run finished, or the process serving it stops). */
    public synchronized void complete() {
        if (complete) return;
        complete = true;
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the dashboard's event log: " + e.getMessage(), e);
            }
        }
        notifyAll();
    }

    public synchronized boolean isComplete() { return complete; }

    public synchronized int size() { return lines.size(); }

    /** A copy of every line so far. */
    public synchronized List<String> lines() { return List.copyOf(lines); }

    /**
     * The lines from index {@code from} on (at most {@link #MAX_BATCH}), waiting up to {@code timeoutMillis} for at least one if there are none
     * yet; empty when the wait timed out or the log is complete.
     */
    public synchronized List<String> await(int from, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (lines.size() <= from && !complete) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) break;
            wait(left);
        }
        return from < lines.size() ? List.copyOf(lines.subList(from, Math.min(lines.size(), from + MAX_BATCH))) : List.of();
    }
}

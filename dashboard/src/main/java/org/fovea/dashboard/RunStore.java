package org.fovea.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The runs a dashboard shows: the run directories directly under one root (each holding metrics.csv or a
 * dashboard event log, as {@code fovea train} writes them) plus the live runs of this process. Everything it
 * hands out is resolved from a validated name, never from a path taken from a request: a run is a direct
 * child directory of the root whose name matches {@link #RUN_NAME}, a file is a {@link #FILE_NAME} inside the
 * run's {@code dashboard/} folder, and both must still be inside the root once symbolic links are resolved.
 */
public final class RunStore {
    /** Run names: letters, digits, '.', '_' and '-', not starting with a dot, at most 100 characters. */
    public static final Pattern RUN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** Files the page may load from a run: lower-case PNG names such as filters-3.png. */
    public static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}\\.png");
    /** The folder of a run directory that holds the dashboard's event log and pictures. */
    public static final String FOLDER = "dashboard";
    public static final String EVENTS = "events.jsonl";
    /** The most lines replayed from one event log (bounds the memory a request can cost). */
    static final int MAX_LINES = 2_000_000;

    private final Path root;
    private final Map<String, RunLog> live = new ConcurrentHashMap<>();

    /** root may be null: then only live runs are shown. */
    public RunStore(Path root) throws IOException {
        this.root = root == null ? null : root.toAbsolutePath().normalize().toRealPath();
        if (this.root != null && !Files.isDirectory(this.root)) throw new IllegalArgumentException("not a directory: " + root);
    }

    public Path root() { return root; }

    /** Shows a live run under its name (listed as live until its log completes) (its directory's name when it lives under the root). */
    public void addLive(String name, RunLog log) {
        if (!validName(name)) throw new IllegalArgumentException("invalid run name '" + name + "': use letters, digits, '.', '_', '-'");
        live.put(name, log);
    }

    public static boolean validName(String name) {
        return name != null && RUN_NAME.matcher(name).matches() && !name.contains("..");
    }

    /** The runs, newest first: name, whether it is live, and how many epochs it has recorded. */
    public List<Map<String, Object>> list() throws IOException {
        Map<String, Map<String, Object>> runs = new LinkedHashMap<>();
        List<Map<String, Object>> out = new ArrayList<>();
        live.forEach((name, log) -> runs.put(name, entry(name, !log.isComplete(), System.currentTimeMillis())));
        if (root != null) {
            try (var children = Files.list(root)) {
                for (Path dir : children.toList()) {
                    String name = dir.getFileName().toString();
                    if (runs.containsKey(name) || runDirectory(name) == null) continue;
                    if (!Files.exists(dir.resolve("metrics.csv")) && !Files.exists(dir.resolve(FOLDER).resolve(EVENTS))) continue;
                    runs.put(name, entry(name, false, Files.getLastModifiedTime(dir).toMillis()));
                }
            }
        }
        out.addAll(runs.values());
        out.sort(Comparator.comparing((Map<String, Object> m) -> !(Boolean) m.get("live"))
                .thenComparing(m -> -((Number) m.get("modified")).longValue()));
        return out;
    }

    private static Map<String, Object> entry(String name, boolean isLive, long modified) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("live", isLive);
        m.put("modified", modified);
        return m;
    }

    /** The events of the named run, or null if there is no such run. */
    public RunLog log(String name) throws IOException {
        if (!validName(name)) return null;
        RunLog log = live.get(name);
        if (log != null) return log;
        Path dir = runDirectory(name);
        if (dir == null) return null;
        Path events = dir.resolve(FOLDER).resolve(EVENTS);
        if (Files.isRegularFile(events, LinkOption.NOFOLLOW_LINKS)) {
            List<String> lines = new ArrayList<>();
            try (var reader = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null && lines.size() < MAX_LINES) if (!line.isBlank()) lines.add(line);
            }
            return RunLog.replay(lines);
        }
        if (Files.isRegularFile(dir.resolve("metrics.csv"), LinkOption.NOFOLLOW_LINKS)) return RunLog.replay(MetricsReplay.events(name, dir));
        return null;
    }

    /** The named picture of the named run, or null. */
    public Path file(String run, String file) throws IOException {
        if (!validName(run) || file == null || !FILE_NAME.matcher(file).matches()) return null;
        Path dir = runDirectory(run);
        if (dir == null) return null;
        Path f = dir.resolve(FOLDER).resolve(file);
        if (!Files.isRegularFile(f)) return null;
        return f.toRealPath().startsWith(root) ? f : null;
    }

    /** The named run's directory: a direct child of the root, inside it after resolving links; else null. */
    private Path runDirectory(String name) throws IOException {
        if (root == null || !validName(name)) return null;
        Path dir = root.resolve(name).normalize();
        if (!dir.getParent().equals(root) || !Files.isDirectory(dir)) return null;
        return dir.toRealPath().startsWith(root) ? dir : null;
    }
}

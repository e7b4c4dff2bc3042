package org.fovea.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fovea.io.Json;

/**
 * The events of a run trained without the dashboard, rebuilt from what {@code fovea train} always writes:
 * command.txt and metrics.csv (one row per epoch). Such a run has epoch curves but no per-step loss, layer
 * statistics or pictures.
 */
final class MetricsReplay {
    private MetricsReplay() {}

    static List<String> events(String name, Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("type", "meta");
        meta.put("run", name);
        Path command = dir.resolve("command.txt");
        if (Files.isRegularFile(command) && Files.size(command) < 65_536) meta.put("command", Files.readString(command).strip());
        out.add(Json.write(meta));
        List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
        if (rows.isEmpty()) return out;
        String[] header = rows.get(0).split(",", -1);
        int epochs = 0;
        for (String row : rows.subList(1, Math.min(rows.size(), RunStore.MAX_LINES))) {
            if (row.isBlank()) continue;
            String[] f = row.split(",", -1);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("type", "epoch");
            for (int i = 0; i < Math.min(header.length, f.length); i++) {
                if (f[i].isEmpty()) continue;
                try {
                    double v = Double.parseDouble(f[i]);
                    if (Double.isFinite(v)) e.put(header[i], header[i].equals("epoch") ? (Object) (int) v : (Object) v);
                } catch (NumberFormatException ignored) {
                    // a column that is not a number is not charted
                }
            }
            if (e.get("train_acc") instanceof Double t && e.get("val_acc") instanceof Double v) e.put("gap", t - v);
            out.add(Json.write(e));
            epochs++;
        }
        out.add(Json.write(Map.of("type", "finished", "epochs", epochs, "reason", "replayed from metrics.csv")));
        return out;
    }
}

package org.fovea.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fovea.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRecorderTest {
    @TempDir Path tmp;

    @Test
    void recordsStepsLayerStatisticsEpochsAndPictures() throws Exception {
        RunStore store = new RunStore(tmp);
        Path dir = Files.createDirectories(tmp.resolve("lenet5-test"));
        ShortTraining t = new ShortTraining(store, dir, 640, 1, 64, 4);
        assertEquals("lenet5-test", store.list().get(0).get("name"));
        assertEquals(true, store.list().get(0).get("live"));
        t.run();
        assertTrue(t.recorder.log().isComplete());
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("dashboard/events.jsonl"))) events.add(Json.parseObject(line));
        assertEquals(t.recorder.log().size(), events.size());
        assertEquals("meta", events.get(0).get("type"));
        assertTrue(((List<?>) events.get(0).get("summary")).size() > 5);
        long steps = events.stream().filter(e -> e.get("type").equals("step")).count();
        assertEquals(8, steps); // 512 training images in batches of 64
        List<Map<String, Object>> layers = events.stream().filter(e -> e.get("type").equals("layers")).toList();
        // The first sample at step 4; the next one at step 8 only if the first cost under 0.5 % of four steps.
        assertTrue(layers.size() == 1 || layers.size() == 2, "samples: " + layers.size());
        assertEquals(4, ((Number) layers.get(0).get("global_step")).intValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> conv = ((List<Map<String, Object>>) layers.get(0).get("params")).get(0);
        assertEquals("0.weight", conv.get("name"));
        double ratio = ((Number) conv.get("ratio")).doubleValue();
        assertTrue(ratio > 1e-6 && ratio < 1, "update ratio " + ratio);
        assertTrue(((Map<?, ?>) conv.get("grad")).containsKey("hist"));
        assertTrue(((List<?>) layers.get(0).get("activations")).size() > 5);
        Map<String, Object> epoch = events.stream().filter(e -> e.get("type").equals("epoch")).findFirst().orElseThrow();
        assertEquals(10, ((List<?>) epoch.get("confusion")).size());
        assertEquals(10, ((List<?>) epoch.get("predictions")).size());
        assertTrue(Files.size(dir.resolve("dashboard/" + epoch.get("filters"))) > 100);
        assertEquals("saliency-1.png", epoch.get("saliency"));
        var strip = javax.imageio.ImageIO.read(dir.resolve("dashboard/saliency-1.png").toFile());
        assertEquals(10 * TrainingRecorder.TILE, strip.getWidth());
        assertEquals(TrainingRecorder.TILE, strip.getHeight());
        assertTrue(Files.exists(dir.resolve("dashboard/sample-9.png")));
        assertEquals("finished", events.get(events.size() - 1).get("type"));
        // Replayed later by `fovea serve`: the same lines, complete.
        RunLog replay = new RunStore(tmp).log("lenet5-test");
        assertTrue(replay.isComplete());
        assertEquals(events.size(), replay.size());
    }
}

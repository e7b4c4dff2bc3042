package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchInferCommandTest {
    @Test
    void reportsThroughputAndHeapAsJson() {
        CommandRunner.Result r = CommandRunner.run("bench", "infer", "--model", "lenet5", "--batch", "8", "--repeat", "1",
                "--threads", "1", "--json");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> rows = r.json();
        assertEquals(1, rows.size(), r.out());
        JsonNode o = rows.get(0);
        assertEquals("infer.lenet5.batch8.input1x28x28.threads1", o.get("name").asText());
        assertEquals("images/s", o.get("unit").asText());
        double seconds = o.get("seconds").asDouble();
        assertTrue(seconds > 0 && seconds < 1, "seconds per batch " + seconds);
        assertEquals(8 / seconds, o.get("images_per_s").asDouble(), 1e-6 * o.get("images_per_s").asDouble());
        assertTrue(o.get("heap_peak_mb").asLong() > 0 && o.get("heap_peak_mb").asLong() <= o.get("heap_max_mb").asLong(), o.toString());
        assertFalse(o.has("ratio"), "no peer without --vs-pytorch");
    }

    @Test
    void badInputShapeIsAClearError() {
        CommandRunner.Result r = CommandRunner.run("bench", "infer", "--model", "resnet20", "--input", "3x32");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--input wants CxHxW"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        r = CommandRunner.run("bench", "infer", "--model", "nosuchnet");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("unknown model 'nosuchnet'") && r.err().contains("resnet20"), r.err());
    }
}

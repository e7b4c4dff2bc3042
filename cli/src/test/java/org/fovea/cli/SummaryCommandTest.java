package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryCommandTest {
    private static void assertCleanError(CommandRunner.Result r, String expected) {
        assertEquals(2, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertTrue(lines[lines.length - 1].startsWith("fovea summary: "), "the error is the last line: " + r.err());
        assertTrue(r.err().contains(expected), "want \"" + expected + "\" in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void leNet5LayersAndTotalAsJson() {
        CommandRunner.Result r = CommandRunner.run("summary", "lenet5", "--json");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> rows = r.json();
        assertEquals(13, rows.size(), r.out());
        JsonNode conv1 = rows.get(0);
        assertEquals("0", conv1.get("name").asText());
        assertEquals("Conv2d", conv1.get("type").asText());
        assertEquals("[6,28,28]", conv1.get("output_shape").toString());
        assertEquals(156, conv1.get("params").asLong());
        assertEquals(6 * 28 * 28 * 4, conv1.get("activations").asLong());
        assertEquals(117_600, conv1.get("macs").asLong());
        assertEquals(2416, rows.get(3).get("params").asLong());
        assertEquals(240_000, rows.get(3).get("macs").asLong());
        assertEquals(List.of(48_120L, 10_164L, 850L), List.of(rows.get(7).get("params").asLong(), rows.get(9).get("params").asLong(),
                rows.get(11).get("params").asLong()));
        JsonNode total = rows.get(12);
        assertEquals("total", total.get("name").asText());
        assertEquals(61_706, total.get("params").asLong());
        assertEquals(416_520, total.get("macs").asLong());
        assertEquals("[10]", total.get("output_shape").toString());
    }

    @Test
    void printsATable() {
        CommandRunner.Result r = CommandRunner.run("summary", "lenet5", "--input", "3x32x32");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(2 + 12 + 1, lines.length, r.out());
        assertTrue(lines[0].startsWith("lenet5 on a 3×32×32 input"), lines[0]);
        assertTrue(lines[2].matches("0 +Conv2d +6×32×32 +456 +24\\.0 KiB +460,800"), lines[2]);
        assertTrue(lines[14].startsWith("total"), lines[14]);
        assertTrue(lines[14].contains("83,126"), "conv1 has 3×25×6 + 6 and fc1 16×6×6 inputs: " + lines[14]);
    }

    @Test
    void mlpTakesHiddenAndClasses() {
        CommandRunner.Result r = CommandRunner.run("summary", "mlp", "--input", "3x32x32", "--hidden", "50", "--classes", "5", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode total = r.json().get(r.json().size() - 1);
        assertEquals(3072 * 50 + 50 + 50 * 5 + 5, total.get("params").asLong());
        assertEquals(3072 * 50 + 50 * 5, total.get("macs").asLong());
    }

    @Test
    void badModelsAndInputsAreOneLine() {
        assertCleanError(CommandRunner.run("summary", "vgg99"), "unknown model 'vgg99'; known models: lenet5, mlp");
        assertCleanError(CommandRunner.run("summary", "lenet5", "--input", "28x28"), "--input wants CxHxW");
        assertCleanError(CommandRunner.run("summary", "lenet5", "--input", "1x28x20"), "square images");
        assertCleanError(CommandRunner.run("summary", "lenet5", "--input", "1x8x8"), "too small");
        assertCleanError(CommandRunner.run("summary", "mlp", "--classes", "0"), "at least 1");
    }
}

package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradcheckCommandTest {
    @Test
    void listsEveryOpAndEndsWithTheSummary() {
        CommandRunner.Result r = CommandRunner.run("gradcheck");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        long ok = lines.stream().filter(l -> l.endsWith("  ok")).count();
        assertTrue(ok >= 25, "only " + ok + " ops passed:\n" + r.out());
        assertEquals(ok + " passed, 0 failed", lines.get(lines.size() - 1));
    }

    @Test
    void jsonOutputIsOneObjectPerLine() throws Exception {
        CommandRunner.Result r = CommandRunner.run("gradcheck", "--json", "--op", "matmul", "--seed", "7");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode first = mapper.readTree(lines.get(0));
        assertEquals("gradcheck.matmul", first.get("name").asText());
        assertEquals("max_relative_error", first.get("unit").asText());
        assertTrue(first.get("value").asDouble() < first.get("threshold").asDouble());
        assertEquals(1, mapper.readTree(lines.get(1)).get("passed").asInt());
    }

    @Test
    void unknownOpIsAClearErrorWithoutStackTrace() {
        CommandRunner.Result r = CommandRunner.run("gradcheck", "--op", "nope");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no gradient check named 'nope'") && r.err().contains("matmul"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}

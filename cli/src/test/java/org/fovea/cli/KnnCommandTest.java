package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fovea knn on a slice of the embedded Fashion-MNIST subset. */
class KnnCommandTest {
    @Test
    void crossValidatesKThenScoresTheTestSetOnce(@TempDir Path dir) throws Exception {
        CommandRunner.Result r = CommandRunner.run("knn", "--data", "fashion-mnist-embedded", "--limit", "1500", "--test-limit", "400", "--k", "1,3,7", "--folds", "3",
                "--json", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        List<JsonNode> json = r.json();
        assertEquals(4, json.size(), r.out());
        for (int i = 0; i < 3; i++) {
            assertEquals("knn.cv", json.get(i).get("name").asText());
            assertEquals(3, json.get(i).get("folds").size());
            assertTrue(json.get(i).get("value").asDouble() > 0.6, json.get(i).toString());
        }
        JsonNode test = json.get(3);
        assertEquals("knn.test", test.get("name").asText());
        assertEquals(400, test.get("test_images").asInt());
        assertTrue(test.get("test_acc").asDouble() > 0.65, test.toString());
        assertTrue(Files.size(dir.resolve("knn-accuracy.png")) > 1000);
    }

    @Test
    void humanOutputAndClearErrors(@TempDir Path dir) {
        CommandRunner.Result r = CommandRunner.run("knn", "--data", "fashion-mnist-embedded", "--limit", "300", "--test-limit", "50", "--k", "1,2", "--folds", "2",
                "--metric", "l1", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("k =   1:") && r.out().contains("chosen k = "), r.out());
        r = CommandRunner.run("knn", "--data", "fashion-mnist-embedded", "--metric", "l3", "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--metric must be l1 or l2"), r.err());
        r = CommandRunner.run("knn", "--data", "fashion-mnist-embedded", "--limit", "20", "--k", "50", "--out", dir.resolve("y").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("larger than a fold's training set") && !r.err().contains("\tat "), r.err());
    }
}

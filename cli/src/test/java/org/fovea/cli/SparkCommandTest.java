package org.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fovea spark …: mistakes found before Spark starts give exit code 2 and one line. (Training and inference
 * themselves are tested in the spark module, whose test JVM has Spark's module flags.)
 */
class SparkCommandTest {
    @TempDir
    Path dir;

    @Test
    void moreTasksThanTheLocalMastersCores() {
        var r = CommandRunner.run("spark", "train", "--tasks", "3", "--batch", "8", "--master", "local[2]", "--data", "fashion-mnist-embedded");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--tasks 3 needs 3 task slots at once, but --master local[2] has 2 cores"), r.err());
    }

    @Test
    void unreadableDataCheckpointOrImages() throws Exception {
        var data = CommandRunner.run("spark", "train", "--data", dir.resolve("missing").toString());
        assertEquals(2, data.code());
        assertTrue(data.err().contains("unknown data"), data.err());
        var resume = CommandRunner.run("spark", "train", "--resume", dir.resolve("none.safetensors").toString());
        assertEquals(2, resume.code());
        assertTrue(resume.err().contains("checkpoint not found"), resume.err());
        Path garbage = Files.writeString(dir.resolve("bad.safetensors"), "not a checkpoint");
        var predict = CommandRunner.run("spark", "predict", "--checkpoint", garbage.toString(), "--images", dir.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, predict.code());
        assertTrue(predict.err().contains("bad.safetensors"), predict.err());
    }
}

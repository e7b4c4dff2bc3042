package org.fovea.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void writesAndReplaces() throws IOException {
        Path p = dir.resolve("f.bin");
        AtomicFiles.write(p, ch -> ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        AtomicFiles.write(p, ch -> ch.write(ByteBuffer.wrap(new byte[] {4, 5})));
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(p));
        assertEquals(List.of(p), listing());
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path p = dir.resolve("f.bin");
        Files.write(p, new byte[] {9, 9});
        IOException io = assertThrows(IOException.class, () -> AtomicFiles.write(p, ch -> {
            ch.write(ByteBuffer.wrap(new byte[1000]));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", io.getMessage());
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(p, ch -> {
            ch.write(ByteBuffer.wrap(new byte[10]));
            throw new IllegalStateException("bug");
        }));
        assertArrayEquals(new byte[] {9, 9}, Files.readAllBytes(p));
        assertEquals(List.of(p), listing());
    }

    @Test
    void aMissingDirectoryIsAnError() {
        Path p = dir.resolve("no/such/dir/f.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(p, ch -> ch.write(ByteBuffer.wrap(new byte[1]))));
    }

    /**
     * A child JVM saves 14 MB checkpoints to one path in a loop and is SIGKILLed at random moments; after
     * every kill the path holds one complete checkpoint (all values equal its step), never a torn one.
     */
    @Test
    void survivesSigkillDuringSaves() throws Exception {
        Path target = dir.resolve("ckpt.safetensors");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Random rng = new Random(42);
        int kills = 5;
        for (int round = 0; round < kills; round++) {
            long first = round * 1_000_000L;
            Process child = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), CheckpointWriterChild.class.getName(),
                    target.toString(), Long.toString(first), "2000000")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String line = out.readLine();
                assertNotNull(line, "the child exited before saving (see its stderr)");
                assertEquals("saved " + first, line);
                Thread.sleep(rng.nextInt(250));
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(10, TimeUnit.SECONDS), "child did not die");
            }
            Checkpoint c = Checkpoint.load(target);
            long step = (Long) c.metadata().get(Checkpoint.STEP);
            assertTrue(step >= first, "step " + step + " older than the save completed before the kill (" + first + ")");
            assertConsistent(c.model(), step);
            assertConsistent(c.optimizer(), step);
            assertEquals(2000 * 1000, c.model().get("features.0.weight").numel());
            System.out.printf("[atomic] kill %d: checkpoint of step %d intact, %d saves completed in the round, %d stale temporary files%n",
                    round + 1, step, step - first + 1, listing().size() - 1);
        }
        for (Path p : listing()) {
            assertTrue(p.equals(target) || p.getFileName().toString().matches("\\.ckpt\\.safetensors\\.[0-9a-f]{16}\\.tmp"), p.toString());
        }
    }

    private static void assertConsistent(Map<String, Tensor> tensors, long step) {
        for (var e : tensors.entrySet()) {
            float[] v = e.getValue().toArray();
            for (int i = 0; i < v.length; i++) {
                if (v[i] != (float) step) throw new AssertionError(e.getKey() + "[" + i + "] = " + v[i] + " in a checkpoint of step " + step);
            }
        }
    }
}

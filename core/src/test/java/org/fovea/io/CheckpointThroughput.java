package org.fovea.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fovea.tensor.Tensor;

/**
 * Measures checkpoint save and load speed on an AlexNet-like state (not a unit test).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -Xmx4g -cp core/target/classes:core/target/test-classes
 * org.fovea.io.CheckpointThroughput [MILLIONS_OF_FLOATS] [DIR]} (default 25 M floats = 100 MB, in the
 * temporary directory). Prints MB/s (10⁶ bytes) of save (with fsync) and load for a few repetitions; the
 * reads may come from the page cache, so they measure Fovea's decoding, not the disk.
 */
public final class CheckpointThroughput {
    private CheckpointThroughput() {}

    public static void main(String[] args) throws Exception {
        int floats = (int) (Double.parseDouble(args.length > 0 ? args[0] : "25") * 1e6);
        Path dir = args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir"));
        Map<String, Tensor> model = new LinkedHashMap<>();
        int fc = floats * 6 / 10, rest = floats - fc;
        model.put("classifier.1.weight", Tensor.full(0.5f, fc / 4096, 4096));
        model.put("features.0.weight", Tensor.full(-1.5f, rest));
        Checkpoint c = new Checkpoint(model, Map.of(), Map.of(Checkpoint.MODEL_NAME, "alexnet"));
        Path file = Files.createTempFile(dir, "throughput", ".safetensors");
        try {
            for (int rep = 0; rep < 5; rep++) {
                long t0 = System.nanoTime();
                c.save(file);
                long t1 = System.nanoTime();
                Checkpoint back = Checkpoint.load(file);
                long t2 = System.nanoTime();
                double mb = Files.size(file) / 1e6;
                System.out.printf("%.0f MB: save %.0f MB/s (%.3f s), load %.0f MB/s (%.3f s), %d tensors%n",
                        mb, mb / ((t1 - t0) / 1e9), (t1 - t0) / 1e9, mb / ((t2 - t1) / 1e9), (t2 - t1) / 1e9, back.model().size());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

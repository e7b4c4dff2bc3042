package org.fovea.io;

import java.nio.file.Path;
import java.util.Map;
import org.fovea.tensor.Tensor;

/**
 * The child process of {@link AtomicFilesTest}: saves checkpoints to one path in a loop, every tensor
 * filled with the iteration number, and prints "saved N" after each, until it is killed.
 * Arguments: path, first iteration, floats in the largest tensor.
 */
final class CheckpointWriterChild {
    private CheckpointWriterChild() {}

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int n = Integer.parseInt(args[2]);
        for (long i = Long.parseLong(args[1]); ; i++) {
            float v = i;
            Checkpoint c = new Checkpoint(
                    Map.of("features.0.weight", Tensor.full(v, n / 1000, 1000), "features.0.bias", Tensor.full(v, n / 4)),
                    Map.of("features.0.weight.momentum_buffer", Tensor.full(v, n / 2)),
                    Map.of(Checkpoint.STEP, i));
            c.save(path);
            System.out.println("saved " + i);
            System.out.flush();
        }
    }
}

package org.fovea.train;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.fovea.autograd.Variable;
import org.fovea.kernel.Sgemm;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.nn.BatchNorm2d;
import org.fovea.nn.Conv2d;
import org.fovea.nn.Flatten;
import org.fovea.nn.Linear;
import org.fovea.nn.MaxPool2d;
import org.fovea.nn.ReLU;
import org.fovea.nn.Sequential;
import org.fovea.tensor.Tensor;

/**
 * Compiles the hot kernels in a background thread while the program loads its data: before the JIT has
 * compiled them, the first training steps run up to 1000× slower (DESIGN.md, Kernels). It trains a tiny
 * convolutional net on random data (convolution, pooling, batch norm, linear, cross-entropy, all with
 * their backward passes) and runs SGEMM on shapes that reach every blocking path.
 */
public final class WarmUp {
    private WarmUp() {}

    /** Starts warming up on a daemon thread; the future completes with the seconds it took. */
    public static CompletableFuture<Double> start() {
        CompletableFuture<Double> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            try {
                run(40);
                done.complete((System.nanoTime() - start) / 1e9);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }, "fovea-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return done;
    }

    static void run(int iterations) {
        SplittableRandom rng = new SplittableRandom(1);
        // A first layer of 1 channel (the direct convolution), 6 then 16 channels (both register tiles of the
        // implicit-GEMM convolution, 6 × 4L and 8 × 3L), 16 → 16 at stride 1 and 2 (the weight gradient with the
        // output channels in the lanes, the stride-phase im2col).
        Sequential net = new Sequential(new Conv2d(1, 6, 5, 1, 2, rng), new BatchNorm2d(6), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 3, 1, 1, rng), new ReLU(), new Conv2d(16, 16, 3, 1, 1, rng), new ReLU(),
                new Conv2d(16, 16, 3, 2, 1, rng), new ReLU(), new Flatten(), new Linear(16 * 4 * 4, 10, rng));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Tensor x = Tensor.randn(rng, 16, 1, 16, 16);
        int[] labels = new int[16];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 10;
        float[] a = new float[256 * 256];
        float[] b = new float[256 * 256];
        float[] c = new float[256 * 256];
        for (int i = 0; i < iterations; i++) {
            Variable l = loss.forward(net.forward(x), labels);
            net.zeroGrad();
            l.backward();
            for (int n : new int[] {8, 64, 256}) {
                Sgemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
                Sgemm.sgemm(true, true, n, n, n, 1f, a, 0, n, b, 0, n, 1f, c, 0, n);
            }
        }
    }
}

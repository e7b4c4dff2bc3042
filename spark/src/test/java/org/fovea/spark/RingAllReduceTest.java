package org.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The ring on loopback, one thread per rank. */
class RingAllReduceTest {
    interface RankWork {
        float[] run(RingAllReduce ring) throws Exception;
    }

    static List<float[]> onRing(int n, int bucket, RankWork work) throws Exception {
        List<ServerSocket> servers = new ArrayList<>();
        List<String> peers = new ArrayList<>();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int r = 0; r < n; r++) {
            ServerSocket s = new ServerSocket(0, 8, loopback);
            servers.add(s);
            peers.add(loopback.getHostAddress() + ":" + s.getLocalPort());
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                int rank = r;
                results.add(pool.submit(() -> {
                    try (ServerSocket server = servers.get(rank);
                         RingAllReduce ring = RingAllReduce.connect(rank, peers, server, 42L, bucket, 20_000)) {
                        return work.run(ring);
                    }
                }));
            }
            List<float[]> out = new ArrayList<>();
            for (Future<float[]> f : results) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void averagesExactlyWithAnyRingSizeAndUnevenChunks() throws Exception {
        for (int n : new int[] {1, 2, 3, 4}) {
            int len = 1003;                                  // not a multiple of n nor of the bucket
            List<float[]> results = onRing(n, 64, ring -> {
                float[] x = new float[len];
                for (int i = 0; i < len; i++) x[i] = (ring.rank() + 1) * (i % 17) - 8 * ring.rank();
                ring.allReduce(x, len);
                return x;
            });
            float[] expected = new float[len];
            for (int i = 0; i < len; i++) {
                float sum = 0;
                for (int r = 0; r < n; r++) sum += (r + 1) * (i % 17) - 8 * r;
                expected[i] = sum / n;
            }
            for (float[] x : results) assertArrayEquals(expected, x, "ring of " + n);
        }
    }

    @Test
    void everyRankEndsWithBitwiseIdenticalMeans() throws Exception {
        int n = 3, len = 50_000;
        List<float[]> results = onRing(n, 4096, ring -> {
            var rng = new SplittableRandom(ring.rank());
            float[] x = new float[len + 5];
            for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
            float[] y = x.clone();
            ring.allReduce(y, len);                          // a first call fills the buffers
            ring.allReduce(x, len);
            return x;
        });
        float[][] inputs = new float[n][len];
        for (int r = 0; r < n; r++) {
            var rng = new SplittableRandom(r);
            for (int i = 0; i < len; i++) inputs[r][i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < len; i++) {
            double mean = 0;
            for (int r = 0; r < n; r++) mean += inputs[r][i];
            assertEquals(mean / n, results.get(0)[i], 1e-5);
        }
        for (int r = 1; r < n; r++) {
            assertArrayEquals(java.util.Arrays.copyOf(results.get(0), len), java.util.Arrays.copyOf(results.get(r), len));
        }
    }

    @Test
    void aDeadPeerIsAnErrorNotAHang() throws Exception {
        var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> onRing(2, 1024, ring -> {
            if (ring.rank() == 1) {
                ring.close();
                return null;
            }
            ring.allReduce(new float[100_000], 100_000);
            return null;
        }));
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof IOException)) cause = cause.getCause();
        org.junit.jupiter.api.Assertions.assertNotNull(cause, "expected an IOException, got " + e.getCause());
    }
}

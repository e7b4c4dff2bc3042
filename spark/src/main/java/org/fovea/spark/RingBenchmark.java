package org.fovea.spark;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Milliseconds per all-reduce against the number of floats, N ranks as threads of this JVM talking over
 * loopback TCP (the path between two Spark tasks on one machine, without Spark). Prints one JSON line per
 * size: median and minimum of the repetitions, and the algorithm bandwidth 2(N−1)/N · 4 · floats / time.
 *
 * <pre>java -cp spark/target/classes:core/target/classes org.fovea.spark.RingBenchmark [RANKS] [SIZES…]</pre>
 */
public final class RingBenchmark {
    private RingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int ranks = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int[] sizes = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {61_706, 269_722, 1_000_000, 11_689_512};
        List<ServerSocket> servers = new ArrayList<>();
        List<String> peers = new ArrayList<>();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int r = 0; r < ranks; r++) {
            servers.add(new ServerSocket(0, 8, loopback));
            peers.add(loopback.getHostAddress() + ":" + servers.get(r).getLocalPort());
        }
        ExecutorService pool = Executors.newFixedThreadPool(ranks);
        List<Future<double[][]>> futures = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            int rank = r;
            futures.add(pool.submit(() -> {
                try (RingAllReduce ring = RingAllReduce.connect(rank, peers, servers.get(rank), 1, RingAllReduce.DEFAULT_BUCKET, 60_000)) {
                    double[][] ms = new double[sizes.length][];
                    for (int s = 0; s < sizes.length; s++) {
                        float[] x = new float[sizes[s]];
                        Arrays.fill(x, rank);
                        int reps = sizes[s] > 5_000_000 ? 5 : 20;
                        for (int w = 0; w < 3; w++) ring.allReduce(x, x.length);
                        ms[s] = new double[reps];
                        for (int i = 0; i < reps; i++) {
                            long t = System.nanoTime();
                            ring.allReduce(x, x.length);
                            ms[s][i] = (System.nanoTime() - t) / 1e6;
                        }
                    }
                    return ms;
                }
            }));
        }
        double[][] ms = futures.getFirst().get();
        for (Future<double[][]> f : futures) f.get();
        pool.shutdown();
        for (ServerSocket s : servers) s.close();
        for (int s = 0; s < sizes.length; s++) {
            double[] sorted = ms[s].clone();
            Arrays.sort(sorted);
            double median = sorted[sorted.length / 2];
            double gbps = 2.0 * (ranks - 1) / ranks * 4.0 * sizes[s] * 8 / (median / 1e3) / 1e9;
            System.out.printf(Locale.ROOT, "{\"name\":\"allreduce\",\"ranks\":%d,\"floats\":%d,\"value\":%.2f,\"unit\":\"ms\",\"min_ms\":%.2f,\"algbw_gbit_s\":%.2f}%n",
                    ranks, sizes[s], median, sorted[0], gbps);
        }
    }
}

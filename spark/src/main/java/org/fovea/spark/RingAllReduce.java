package org.fovea.spark;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Averages float arrays across N processes connected in a ring over TCP: each rank sends to rank + 1 and
 * receives from rank − 1. The array is cut into buckets; each bucket is reduced by N − 1 reduce-scatter
 * steps, then spread by N − 1 all-gather steps (Patarasuk & Yuan 2009; as in Horovod and NCCL), so every
 * rank sends and receives 2(N − 1)/N of the bucket, whatever N.
 *
 * <p>Every element of the result is summed once, by one rank, in one order, and then copied to the others:
 * all ranks end with bitwise identical arrays, which keeps data-parallel replicas identical.
 *
 * <p>Peers are reached with plain blocking sockets; a peer that dies closes its connections, and a peer
 * that hangs trips the read timeout, so {@link #allReduce} fails with an IOException rather than waiting
 * for ever (the Spark stage then fails and is retried). Not thread-safe: one caller at a time.
 */
public final class RingAllReduce implements AutoCloseable {
    /** Floats per bucket by default (4 MB): large enough to amortise a round trip, small enough to pipeline. */
    public static final int DEFAULT_BUCKET = 1 << 20;
    private static final int MAGIC = 0x46564152; // "FVAR"

    private final int rank;
    private final int size;
    private final int bucket;
    private final Socket next;
    private final Socket prev;
    private final OutputStream out;
    private final InputStream in;
    private final ExecutorService sender;
    private byte[] sendBytes = new byte[0];
    private byte[] recvBytes = new byte[0];
    private float[] recvFloats = new float[0];
    private long bytesSent;
    private long nanos;

    private RingAllReduce(int rank, int size, int bucket, Socket next, Socket prev) throws IOException {
        this.rank = rank;
        this.size = size;
        this.bucket = bucket;
        this.next = next;
        this.prev = prev;
        this.out = next == null ? null : new DataOutputStream(next.getOutputStream());
        this.in = prev == null ? null : prev.getInputStream();
        this.sender = size == 1 ? null : Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("fovea-ring-send-" + rank).unstarted(r));
    }

    /** A ring of one: allReduce leaves the data as it is. */
    public static RingAllReduce single() {
        try {
            return new RingAllReduce(0, 1, DEFAULT_BUCKET, null, null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Joins the ring: connects to peers[rank + 1] and accepts the connection of peers[rank − 1] on server
     * (already bound to peers[rank], so peers may connect before this rank calls accept).
     *
     * @param peers     "host:port" of every rank, in rank order
     * @param token     the same number on every rank of one ring (a stale connection with another token is refused)
     * @param timeoutMs how long to wait for a peer to connect or to send, in milliseconds
     */
    public static RingAllReduce connect(int rank, List<String> peers, ServerSocket server, long token, int bucket, int timeoutMs)
            throws IOException {
        int n = peers.size();
        if (rank < 0 || rank >= n) throw new IllegalArgumentException("RingAllReduce: rank " + rank + " outside 0.." + (n - 1));
        if (bucket < n) throw new IllegalArgumentException("RingAllReduce: bucket (" + bucket + " floats) must be >= the ring size " + n);
        if (n == 1) return new RingAllReduce(0, 1, bucket, null, null);
        Socket next = dial(peers.get((rank + 1) % n), timeoutMs);
        Socket prev = null;
        try {
            var hello = new DataOutputStream(next.getOutputStream());
            hello.writeInt(MAGIC);
            hello.writeLong(token);
            hello.writeInt(rank);
            hello.flush();
            int expected = (rank + n - 1) % n;
            server.setSoTimeout(timeoutMs);
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            while (prev == null) {
                Socket s = server.accept();
                s.setSoTimeout(timeoutMs);
                var r = new DataInputStream(s.getInputStream());
                if (r.readInt() == MAGIC && r.readLong() == token && r.readInt() == expected) {
                    prev = s;
                } else {
                    s.close();
                    if (System.nanoTime() > deadline) throw new SocketTimeoutException("RingAllReduce: rank " + expected + " did not connect");
                }
            }
            tune(prev);
            return new RingAllReduce(rank, n, bucket, next, prev);
        } catch (IOException | RuntimeException e) {
            next.close();
            if (prev != null) prev.close();
            throw e;
        }
    }

    private static Socket dial(String hostPort, int timeoutMs) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        var address = new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(address, timeoutMs);
                s.setSoTimeout(timeoutMs);
                tune(s);
                return s;
            } catch (IOException e) {
                s.close();
                if (System.nanoTime() > deadline) throw new IOException("RingAllReduce: cannot connect to " + hostPort + ": " + e.getMessage(), e);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("RingAllReduce: interrupted while connecting to " + hostPort, ie);
                }
            }
        }
    }

    private static void tune(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        s.setSendBufferSize(1 << 21);
        s.setReceiveBufferSize(1 << 21);
    }

    public int rank() { return rank; }

    public int size() { return size; }

    /** Bytes this rank has sent so far. */
    public long bytesSent() { return bytesSent; }

    /** Wall time spent in {@link #allReduce} so far, in seconds. */
    public double seconds() { return nanos / 1e9; }

    /** Replaces data[0 .. length) on every rank by the element-wise mean over the ranks. */
    public void allReduce(float[] data, int length) throws IOException {
        if (size == 1) return;
        long start = System.nanoTime();
        for (int from = 0; from < length; from += bucket) reduceBucket(data, from, Math.min(bucket, length - from));
        float inv = size;
        for (int i = 0; i < length; i++) data[i] /= inv;
        nanos += System.nanoTime() - start;
    }

    /** The ring algorithm on data[off .. off + len): chunk c is [off + c·len/N, off + (c + 1)·len/N). */
    private void reduceBucket(float[] data, int off, int len) throws IOException {
        int n = size;
        // Reduce-scatter: at step s, send chunk (rank − s) and add the received chunk (rank − s − 1);
        // after N − 1 steps this rank holds the full sum of chunk (rank + 1).
        for (int s = 0; s < n - 1; s++) {
            int sendChunk = Math.floorMod(rank - s, n), recvChunk = Math.floorMod(rank - s - 1, n);
            int rFrom = off + chunkStart(recvChunk, len), rLen = off + chunkStart(recvChunk + 1, len) - rFrom;
            float[] got = exchange(data, off + chunkStart(sendChunk, len), off + chunkStart(sendChunk + 1, len), rLen);
            for (int i = 0; i < rLen; i++) data[rFrom + i] += got[i];
        }
        // All-gather: pass the finished chunks around the ring, overwriting.
        for (int s = 0; s < n - 1; s++) {
            int sendChunk = Math.floorMod(rank + 1 - s, n), recvChunk = Math.floorMod(rank - s, n);
            int rFrom = off + chunkStart(recvChunk, len), rLen = off + chunkStart(recvChunk + 1, len) - rFrom;
            float[] got = exchange(data, off + chunkStart(sendChunk, len), off + chunkStart(sendChunk + 1, len), rLen);
            System.arraycopy(got, 0, data, rFrom, rLen);
        }
    }

    private int chunkStart(int chunk, int len) { return (int) ((long) chunk * len / size); }

    /** Sends data[from .. to) to the next rank while receiving count floats from the previous one. */
    private float[] exchange(float[] data, int from, int to, int count) throws IOException {
        int sendLen = to - from;
        if (sendBytes.length < 4 * sendLen) sendBytes = new byte[4 * Math.max(sendLen, count)];
        ByteBuffer.wrap(sendBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data, from, sendLen);
        Future<?> sent = sender.submit(() -> {
            out.write(sendBytes, 0, 4 * sendLen);
            out.flush();
            return null;
        });
        if (recvBytes.length < 4 * count) {
            recvBytes = new byte[4 * Math.max(sendLen, count)];
            recvFloats = new float[Math.max(sendLen, count)];
        }
        readFully(recvBytes, 4 * count);
        ByteBuffer.wrap(recvBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(recvFloats, 0, count);
        try {
            sent.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("RingAllReduce: sending failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("RingAllReduce: interrupted", e);
        }
        bytesSent += 4L * sendLen;
        return recvFloats;
    }

    private void readFully(byte[] b, int len) throws IOException {
        int at = 0;
        while (at < len) {
            int r = in.read(b, at, len - at);
            if (r < 0) throw new IOException("RingAllReduce: rank " + Math.floorMod(rank - 1, size) + " closed the connection (did its task fail?)");
            at += r;
        }
    }

    @Override
    public void close() throws IOException {
        if (sender != null) sender.shutdownNow();
        try {
            if (next != null) next.close();
        } finally {
            if (prev != null) prev.close();
        }
    }
}

package org.fovea.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one thread pool of Fovea and its {@code parallelFor}: work over {@code [0, n)} is cut into roughly
 * equal contiguous chunks, one per thread, and the calling thread runs the first chunk itself.
 *
 * <p>Rules (DESIGN.md, Threads): the pool holds {@code threads() - 1} daemon platform threads (the caller
 * is the last one); there is no nested parallelism, so a {@code parallelFor} issued from inside a chunk
 * runs serially inline on that thread; nothing spins, idle workers block in their queue and the caller
 * blocks on a latch; the first exception thrown by a chunk is rethrown to the caller, after every chunk
 * has finished, with the others attached as suppressed. A chunk no worker has started by the time the caller
 * finished its own runs on the caller (so a late or descheduled worker costs at most its own chunk's time).
 */
public final class Parallel {
    /** A body over the half-open index range {@code [lo, hi)}. */
    @FunctionalInterface
    public interface Chunk {
        void run(int lo, int hi);
    }

    private static final int MAX_THREADS = 1024;
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile ExecutorService pool;

    private Parallel() {}

    /** The number of threads a {@code parallelFor} uses, the caller included. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads (1 means everything runs on the caller); the old pool is retired. */
    public static synchronized void setThreads(int n) {
        if (n < 1 || n > MAX_THREADS) {
            throw new IllegalArgumentException("Parallel.setThreads: need 1.." + MAX_THREADS + " threads, got " + n);
        }
        if (n == threads) return;
        threads = n;
        ExecutorService old = pool;
        pool = null;
        if (old != null) old.shutdown(); // running chunks finish; idle workers exit
    }

    /** True while the current thread runs a chunk of some {@code parallelFor}. */
    public static boolean insideParallel() {
        return INSIDE.get();
    }

    /** Runs {@code body} over {@code [0, n)} split into at most {@link #threads()} contiguous chunks. */
    public static void parallelFor(int n, Chunk body) {
        parallelFor(n, 1, body);
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into contiguous chunks of at least {@code grain} indices
     * (so small n runs inline on the caller without touching the pool).
     */
    public static void parallelFor(int n, int grain, Chunk body) {
        if (n < 0) throw new IllegalArgumentException("parallelFor: negative n=" + n);
        if (grain < 1) throw new IllegalArgumentException("parallelFor: grain must be >= 1, got " + grain);
        if (n == 0) return;
        int chunks = Math.min(threads, n / grain);
        if (chunks <= 1 || INSIDE.get()) {
            runInline(0, n, body);
            return;
        }
        runChunks(n, chunks, body);
    }

    private static void runInline(int lo, int hi, Chunk body) {
        if (INSIDE.get()) {
            body.run(lo, hi);
            return;
        }
        INSIDE.set(Boolean.TRUE);
        try {
            body.run(lo, hi);
        } finally {
            INSIDE.set(Boolean.FALSE);
        }
    }

    private static void runChunks(int n, int chunks, Chunk body) {
        ExecutorService executor = executor();
        CountDownLatch done = new CountDownLatch(chunks - 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable[] work = new Runnable[chunks];
        for (int t = 1; t < chunks; t++) {
            int lo = bound(n, chunks, t), hi = bound(n, chunks, t + 1);
            AtomicBoolean mine = new AtomicBoolean();
            work[t] = () -> {
                if (!mine.compareAndSet(false, true)) return; // the caller got to it first
                try {
                    runInline(lo, hi, body);
                } catch (Throwable e) {
                    record(failure, e);
                } finally {
                    done.countDown();
                }
            };
            try {
                executor.execute(work[t]);
            } catch (RejectedExecutionException e) {
                work[t].run(); // the pool was retired by setThreads meanwhile
            }
        }
        try {
            runInline(0, bound(n, chunks, 1), body);
        } catch (Throwable e) {
            record(failure, e);
        }
        // Chunks no worker has started yet (it was still waking up, or another process holds its core) run
        // here, from the last one back, instead of waiting: with a busy machine a parallelFor degrades to the
        // caller's own speed rather than to the speed of a descheduled worker. Chunk bounds do not depend on
        // who runs them, so results stay the same.
        for (int t = chunks - 1; t >= 1; t--) work[t].run();
        awaitUninterruptibly(done);
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) throw r;
        if (e instanceof Error r) throw r;
        if (e != null) throw new IllegalStateException("parallelFor: a chunk failed", e);
    }

    /** Start of chunk t when n indices are cut into the given number of near-equal chunks. */
    static int bound(int n, int chunks, int t) {
        return (int) ((long) n * t / chunks);
    }

    private static void record(AtomicReference<Throwable> failure, Throwable e) {
        if (!failure.compareAndSet(null, e)) {
            Throwable first = failure.get();
            synchronized (first) {
                first.addSuppressed(e);
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // chunks still write into caller memory: we must wait for them
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private static ExecutorService executor() {
        ExecutorService p = pool;
        if (p != null) return p;
        synchronized (Parallel.class) {
            if (pool == null) {
                int workers = threads - 1;
                pool = new ThreadPoolExecutor(workers, workers, 0L, TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(), r -> {
                            Thread t = new Thread(r, "fovea-parallel-" + THREAD_IDS.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
            }
            return pool;
        }
    }
}

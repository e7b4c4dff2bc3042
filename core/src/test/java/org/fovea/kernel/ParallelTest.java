package org.fovea.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private int savedThreads;

    @BeforeEach
    void saveThreads() {
        savedThreads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    @Test
    void everyIndexRunsExactlyOnceInContiguousNearEqualChunks() {
        for (int threads : new int[] {1, 2, 3, 4}) {
            Parallel.setThreads(threads);
            for (int n : new int[] {1, 2, 3, 7, 100, 1001}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                List<int[]> chunks = Collections.synchronizedList(new ArrayList<>());
                Parallel.parallelFor(n, (lo, hi) -> {
                    chunks.add(new int[] {lo, hi});
                    for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
                });
                for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i + " of " + n);
                assertEquals(Math.min(threads, n), chunks.size());
                int smallest = Integer.MAX_VALUE, largest = 0;
                for (int[] c : chunks) {
                    smallest = Math.min(smallest, c[1] - c[0]);
                    largest = Math.max(largest, c[1] - c[0]);
                }
                assertTrue(largest - smallest <= 1, "chunks of " + n + " differ by " + (largest - smallest));
            }
        }
    }

    @Test
    void callerRunsTheFirstChunkAndWorkersAreDaemons() {
        Parallel.setThreads(2);
        Thread caller = Thread.currentThread();
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        Thread[] first = new Thread[1];
        CountDownLatch workerStarted = new CountDownLatch(1);
        Parallel.parallelFor(2, (lo, hi) -> {
            seen.add(Thread.currentThread());
            if (lo == 0) {
                first[0] = Thread.currentThread();
                await(workerStarted); // so the caller does not take over the second chunk before the worker wakes
            } else {
                workerStarted.countDown();
            }
        });
        assertSame(caller, first[0]);
        assertEquals(2, seen.size());
        for (Thread t : seen) if (t != caller) assertTrue(t.isDaemon(), t.getName() + " should be a daemon");
    }

    @Test
    void smallRangesRunInlineOnTheCaller() {
        Parallel.setThreads(4);
        Thread caller = Thread.currentThread();
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        Parallel.parallelFor(1, (lo, hi) -> seen.add(Thread.currentThread()));
        Parallel.parallelFor(100, 64, (lo, hi) -> seen.add(Thread.currentThread()));
        Parallel.parallelFor(0, (lo, hi) -> seen.add(Thread.currentThread()));
        assertEquals(Set.of(caller), seen);
    }

    @Test
    void nestedParallelForRunsSeriallyOnTheSameThread() {
        Parallel.setThreads(2);
        AtomicBoolean allInline = new AtomicBoolean(true);
        AtomicIntegerArray hits = new AtomicIntegerArray(2 * 50);
        Parallel.parallelFor(2, (lo, hi) -> {
            Thread outer = Thread.currentThread();
            assertTrue(Parallel.insideParallel());
            Parallel.parallelFor(50, (l, h) -> {
                if (Thread.currentThread() != outer || l != 0 || h != 50) allInline.set(false);
                for (int i = l; i < h; i++) hits.incrementAndGet(lo * 50 + i);
            });
        });
        assertTrue(allInline.get(), "inner loops must run whole, inline, on the outer chunk's thread");
        for (int i = 0; i < 100; i++) assertEquals(1, hits.get(i));
        assertTrue(!Parallel.insideParallel(), "the flag is cleared after the loop");
    }

    @Test
    void exceptionOfAWorkerChunkReachesTheCaller() {
        Parallel.setThreads(2);
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> Parallel.parallelFor(2, (lo, hi) -> {
                    if (lo == 1) throw boom;
                }));
        assertSame(boom, thrown);
        assertThrows(AssertionError.class, () -> Parallel.parallelFor(2, (lo, hi) -> {
            if (lo == 1) throw new AssertionError("error from a worker");
        }));
    }

    @Test
    void callerExceptionWaitsForTheOtherChunksAndKeepsTheirFailures() {
        Parallel.setThreads(3);
        AtomicBoolean slowChunkDone = new AtomicBoolean();
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> Parallel.parallelFor(3, (lo, hi) -> {
            if (lo == 0) throw new RuntimeException("caller chunk");
            sleep(lo == 1 ? 150 : 50);
            if (lo == 1) slowChunkDone.set(true);
            if (lo == 2) throw new IllegalArgumentException("worker chunk");
        }));
        assertEquals("caller chunk", thrown.getMessage());
        assertTrue(slowChunkDone.get(), "parallelFor must not return before every chunk has finished");
        assertEquals(1, thrown.getSuppressed().length);
        assertEquals("worker chunk", thrown.getSuppressed()[0].getMessage());
    }

    @Test
    void waitingThreadsBlockInsteadOfSpinning() throws Exception {
        Parallel.setThreads(2);
        Parallel.parallelFor(2, (lo, hi) -> { }); // starts the pool
        Thread caller = Thread.currentThread();
        CountDownLatch callerDone = new CountDownLatch(1);
        Thread.State[] callerState = new Thread.State[1];
        Thread watcher = new Thread(() -> {
            try {
                callerDone.await(5, TimeUnit.SECONDS);
                sleep(50);
                callerState[0] = caller.getState();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watcher.start();
        CountDownLatch workerStarted = new CountDownLatch(1);
        Parallel.parallelFor(2, (lo, hi) -> {
            if (lo == 0) {
                await(workerStarted); // else the caller would take the second chunk over itself
                callerDone.countDown();
            } else {
                workerStarted.countDown();
                sleep(300);
            }
        });
        watcher.join();
        assertEquals(Thread.State.WAITING, callerState[0], "the caller must park while a worker runs");
        sleep(50);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("fovea-parallel-")) {
                assertTrue(t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING
                        || t.getState() == Thread.State.TERMINATED, t.getName() + " is " + t.getState());
            }
        }
    }

    @Test
    void setThreadsValidatesAndTakesEffect() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(-3));
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(1_000_000));
        Parallel.setThreads(3);
        assertEquals(3, Parallel.threads());
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(3);
        Parallel.parallelFor(3, (lo, hi) -> {
            seen.add(Thread.currentThread());
            all.countDown();
            await(all); // every chunk waits for the others: three threads must run them at once
        });
        assertEquals(3, seen.size());
        Parallel.setThreads(1);
        seen.clear();
        Parallel.parallelFor(10, (lo, hi) -> seen.add(Thread.currentThread()));
        assertEquals(Set.of(Thread.currentThread()), seen);
    }

    @Test
    void theCallerTakesOverAChunkWhoseWorkerIsBusy() throws Exception {
        Parallel.setThreads(2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch workerBusy = new CountDownLatch(1);
        // Another caller occupies the single worker until released.
        Thread other = new Thread(() -> Parallel.parallelFor(2, (lo, hi) -> {
            if (lo == 1) {
                workerBusy.countDown();
                await(release);
            } else {
                await(workerBusy); // so that the worker, not this caller, holds the second chunk
            }
        }));
        other.start();
        await(workerBusy);
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        int[] covered = new int[10];
        Thread[] caller = new Thread[1];
        Thread second = new Thread(() -> {
            caller[0] = Thread.currentThread();
            Parallel.parallelFor(10, (lo, hi) -> {
                seen.add(Thread.currentThread());
                for (int i = lo; i < hi; i++) covered[i]++;
            });
        });
        second.start();
        second.join(10_000);
        boolean finished = !second.isAlive();
        release.countDown();
        // It returned while the worker was still blocked: both chunks ran on its caller, each index exactly once.
        assertTrue(finished, "parallelFor waited for a busy worker");
        assertEquals(Set.of(caller[0]), seen);
        for (int c : covered) assertEquals(1, c);
        second.join(10_000);
        other.join(10_000);
        assertFalse(other.isAlive());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out waiting for another chunk");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void argumentsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.parallelFor(-1, (lo, hi) -> { }));
        assertThrows(IllegalArgumentException.class, () -> Parallel.parallelFor(10, 0, (lo, hi) -> { }));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

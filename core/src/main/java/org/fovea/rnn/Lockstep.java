package org.fovea.rnn;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.fovea.kernel.Parallel;

/**
 * A recurrence split over {@link Parallel}'s threads: {@code body(step, part)} for steps 0 … steps − 1 in
 * order and parts 0 … parts − 1 within a step, where the parts of one step may run concurrently and every
 * part of step s finishes before any part of step s + 1 starts. One fork for the whole sequence instead of
 * one or two per step; between steps a thread that runs ahead blocks (no spinning) until the step is
 * complete.
 *
 * <p>Each thread claims the next (step, part) from a shared counter, so a thread that the pool starts late,
 * or never (the pool retired, a nested call), only leaves more parts to the others: nobody waits for a part
 * that no running thread holds. What a part computes must not depend on which thread runs it, so results
 * are the same whatever the interleaving.
 */
final class Lockstep {
    /** The work of one part of one step. */
    @FunctionalInterface
    interface Body {
        void run(int step, int part);
    }

    private final int parts;
    private final int total;
    private final Body body;
    private final AtomicInteger next = new AtomicInteger();
    /** Parts finished, over all steps: step s may start once done ≥ s·parts. */
    private final AtomicInteger done = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stepDone = lock.newCondition();
    private volatile int waiting;
    private volatile boolean failed;

    private Lockstep(int steps, int parts, Body body) {
        this.parts = parts;
        this.total = Math.multiplyExact(steps, parts);
        this.body = body;
    }

    /** Runs every (step, part); on a single thread (or inside a parallel region) in plain order. */
    static void run(int steps, int parts, Body body) {
        int threads = Math.min(Parallel.threads(), parts);
        if (threads <= 1 || Parallel.insideParallel()) {
            for (int s = 0; s < steps; s++) for (int p = 0; p < parts; p++) body.run(s, p);
            return;
        }
        Lockstep team = new Lockstep(steps, parts, body);
        Parallel.parallelFor(threads, 1, (lo, hi) -> team.work());
    }

    private void work() {
        try {
            while (!failed) {
                int claim = next.getAndIncrement();
                if (claim >= total) return;
                int step = claim / parts;
                if (!awaitStep(step)) return;
                body.run(step, claim % parts);
                if (done.incrementAndGet() % parts == 0 && waiting > 0) wakeAll();
            }
        } catch (Throwable e) {
            failed = true;
            wakeAll();
            throw e;
        }
    }

    /** Blocks until every part of the steps before {@code step} has finished; false if another part failed. */
    private boolean awaitStep(int step) {
        int target = step * parts;
        if (done.get() >= target) return true;
        lock.lock();
        try {
            waiting++;
            while (done.get() < target && !failed) stepDone.awaitUninterruptibly();
            waiting--;
        } finally {
            lock.unlock();
        }
        return !failed;
    }

    private void wakeAll() {
        lock.lock();
        try {
            stepDone.signalAll();
        } finally {
            lock.unlock();
        }
    }
}

package org.fovea.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.random.RandomGenerator;
import org.fovea.tensor.Tensor;

/**
 * Mini-batches of a dataset, epoch by epoch (as torch.utils.data.DataLoader): a seeded shuffle, an
 * optional per-image transform, and background prefetching on a thread of its own so that loading and
 * augmentation overlap the training step.
 *
 * <p>Everything random is derived from the seed, the epoch and the batch number, never from a global
 * generator or from thread timing: the same seed gives the same batches with or without prefetching.
 * An epoch is an {@link Iterator} that must be closed (try-with-resources) to stop its thread early;
 * an exception in the loading thread is rethrown by {@code next()} in the consumer.
 *
 * <p>Shape: batches are (N, C, H, W) with N = batchSize (the last one may be smaller unless dropLast).
 */
public final class DataLoader {
    /**
     * @param shuffle   a new permutation each epoch, otherwise dataset order
     * @param dropLast  leave out the last batch when it is short
     * @param transform applied to each image ({@link Transform#IDENTITY} for none)
     * @param prefetch  batches prepared ahead on the loader thread; 0 loads on the caller's thread
     */
    public record Options(boolean shuffle, boolean dropLast, Transform transform, int prefetch) {
        public Options {
            if (prefetch < 0) throw new IllegalArgumentException("DataLoader: prefetch must be >= 0, got " + prefetch);
            if (transform == null) throw new IllegalArgumentException("DataLoader: transform must not be null (use Transform.identity())");
        }

        /** Shuffled, keep the last batch, no transform, two batches prefetched. */
        public static Options training() { return new Options(true, false, Transform.IDENTITY, 2); }

        /** Dataset order, keep the last batch, no transform, no background thread. */
        public static Options evaluation() { return new Options(false, false, Transform.IDENTITY, 0); }

        public Options withTransform(Transform t) { return new Options(shuffle, dropLast, t, prefetch); }
    }

    private static final Object END = new Object();

    private record Failure(Throwable error) {}

    private final Dataset dataset;
    private final int batchSize;
    private final long seed;
    private final Options options;

    public DataLoader(Dataset dataset, int batchSize, long seed, Options options) {
        if (batchSize <= 0) throw new IllegalArgumentException("DataLoader: batchSize must be > 0, got " + batchSize);
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.seed = seed;
        this.options = options;
    }

    public Dataset dataset() { return dataset; }

    public int batchSize() { return batchSize; }

    public int numBatches() {
        int n = dataset.size();
        return options.dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The order in which an epoch visits the dataset. */
    public int[] order(int epoch) {
        if (!options.shuffle) {
            int[] o = new int[dataset.size()];
            Arrays.setAll(o, i -> i);
            return o;
        }
        return Splits.permutation(dataset.size(), new SplittableRandom(mix(seed, epoch, -1)));
    }

    /** Batch b of an epoch, built on the caller's thread. */
    public Batch batch(int epoch, int b, int[] order) {
        int from = b * batchSize, to = Math.min(order.length, from + batchSize);
        Batch raw = dataset.batch(Arrays.copyOfRange(order, from, to));
        if (options.transform == Transform.IDENTITY) return raw;
        RandomGenerator rng = new SplittableRandom(mix(seed, epoch, b));
        Tensor images = raw.images();
        int n = raw.size();
        float[] out = null;
        int[] shape = null;
        int per = 0;
        for (int i = 0; i < n; i++) {
            Tensor t = options.transform.apply(images.select(0, i), rng).contiguous();
            if (out == null) {
                shape = t.shape();
                per = t.numel();
                out = new float[n * per];
            } else if (!Arrays.equals(shape, t.shape())) {
                throw new IllegalStateException("DataLoader: the transform made image " + i + " of batch " + b + " " + Arrays.toString(t.shape())
                        + " but image 0 " + Arrays.toString(shape) + "; a batch needs one shape");
            }
            System.arraycopy(t.data(), t.offset(), out, i * per, per);
        }
        return new Batch(Tensor.wrap(out, n, shape[0], shape[1], shape[2]), raw.labels());
    }

    /** Starts an epoch; with prefetch > 0 its loading thread starts at once. */
    public Epoch epoch(int epoch) {
        return new Epoch(epoch);
    }

    /** The batches of one epoch; close it to stop its loading thread (a no-op once exhausted). */
    public final class Epoch implements Iterator<Batch>, AutoCloseable {
        private final int epoch;
        private final int[] order;
        private final int count;
        private final BlockingQueue<Object> queue;
        private final Thread thread;
        private int next;
        private Object pending;
        private volatile boolean closed;

        private Epoch(int epoch) {
            this.epoch = epoch;
            this.order = order(epoch);
            this.count = numBatches();
            if (options.prefetch > 0) {
                queue = new ArrayBlockingQueue<>(options.prefetch);
                thread = Thread.ofPlatform().daemon().name("fovea-loader-epoch-" + epoch).start(this::produce);
            } else {
                queue = null;
                thread = null;
            }
        }

        private void produce() {
            try {
                for (int b = 0; b < count && !closed; b++) queue.put(batch(epoch, b, order));
                queue.put(END);
            } catch (InterruptedException e) {
                // closed by the consumer: stop quietly
            } catch (Throwable t) {
                try {
                    queue.put(new Failure(t));
                } catch (InterruptedException ignored) {
                    // closed while reporting: nobody is left to tell
                }
            }
        }

        @Override
        public boolean hasNext() {
            if (closed) return false;
            if (queue == null) return next < count;
            if (pending == null) pending = take();
            return pending != END;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("DataLoader: epoch " + epoch + " has no more batches");
            if (queue == null) return batch(epoch, next++, order);
            Object item = pending;
            pending = null;
            if (item instanceof Failure f) {
                pending = END;
                rethrow(f.error);
            }
            next++;
            return (Batch) item;
        }

        private Object take() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("DataLoader: interrupted while waiting for batch " + next + " of epoch " + epoch, e);
            }
        }

        /** Stops the loading thread and waits for it to end. */
        @Override
        public void close() {
            closed = true;
            if (thread == null) return;
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            queue.clear();
        }

        /** The loading thread (null without prefetching), for tests of the shutdown. */
        Thread thread() { return thread; }
    }

    private static void rethrow(Throwable t) {
        t.addSuppressed(new IllegalStateException("rethrown by DataLoader in thread " + Thread.currentThread().getName()));
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException("DataLoader: loading failed", t);
    }

    /** A well-mixed 64-bit seed for one (seed, epoch, batch) triple (SplitMix64 finaliser, Steele et al. 2014). */
    static long mix(long seed, long epoch, long batch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1) + 0xBF58476D1CE4E5B9L * (batch + 2);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

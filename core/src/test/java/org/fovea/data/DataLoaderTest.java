package org.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class DataLoaderTest {
    private static List<Batch> all(DataLoader loader, int epoch) {
        List<Batch> out = new ArrayList<>();
        try (DataLoader.Epoch e = loader.epoch(epoch)) {
            while (e.hasNext()) out.add(e.next());
        }
        return out;
    }

    private static int[] labels(List<Batch> batches) {
        return batches.stream().flatMapToInt(b -> Arrays.stream(b.labels())).toArray();
    }

    @Test
    void batchesCoverEveryItemOnceWithShapesAndMatchingImages() {
        ImageDataset d = TestData.indexed(10, 1, 2, 3, 1000);
        DataLoader loader = new DataLoader(d, 4, 7, DataLoader.Options.training());
        List<Batch> batches = all(loader, 0);
        assertEquals(3, loader.numBatches());
        assertEquals(List.of(4, 4, 2), batches.stream().map(Batch::size).toList());
        assertArrayEquals(new int[] {4, 1, 2, 3}, batches.get(0).images().shape());
        int[] seen = labels(batches);
        assertFalse(Arrays.equals(seen, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), "shuffled");
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Arrays.stream(seen).sorted().toArray());
        for (Batch b : batches) {
            for (int i = 0; i < b.size(); i++) assertEquals(b.labels()[i] / 255f, b.images().get(i, 0, 1, 2), 0f, "image matches its label");
        }
    }

    @Test
    void dropLastAndUnshuffledOrder() {
        ImageDataset d = TestData.indexed(10, 1, 1, 1, 1000);
        DataLoader loader = new DataLoader(d, 4, 1, new DataLoader.Options(false, true, Transform.identity(), 0));
        List<Batch> batches = all(loader, 0);
        assertEquals(2, batches.size());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, labels(batches));
    }

    @Test
    void sameSeedSameBatchesWithOrWithoutPrefetchAndEpochsDiffer() {
        ImageDataset d = TestData.random(50, 1, 6, 6, 5, 3);
        Transform aug = new HorizontalFlip().andThen(new RandomCrop(6, 6, 2));
        DataLoader sync = new DataLoader(d, 8, 42, new DataLoader.Options(true, false, aug, 0));
        DataLoader async = new DataLoader(d, 8, 42, new DataLoader.Options(true, false, aug, 3));
        List<Batch> a = all(sync, 2), b = all(async, 2);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).labels(), b.get(i).labels());
            assertArrayEquals(a.get(i).images().toArray(), b.get(i).images().toArray());
        }
        assertNotEquals(Arrays.toString(labels(a)), Arrays.toString(labels(all(sync, 3))));
        assertNotEquals(Arrays.toString(labels(a)), Arrays.toString(labels(all(new DataLoader(d, 8, 43, DataLoader.Options.training()), 2))));
    }

    @Test
    void transformsMayChangeTheShape() {
        ImageDataset d = TestData.random(5, 3, 8, 8, 2, 1);
        DataLoader loader = new DataLoader(d, 5, 0, DataLoader.Options.evaluation().withTransform(new RandomCrop(4, 5, 0)));
        assertArrayEquals(new int[] {5, 3, 4, 5}, all(loader, 0).get(0).images().shape());
    }

    @Test
    void aTransformThatVariesTheShapeIsAClearError() {
        ImageDataset d = TestData.random(4, 1, 8, 8, 2, 1);
        AtomicInteger calls = new AtomicInteger();
        Transform bad = (img, rng) -> ImageOps.crop(img, 0, 0, 2 + calls.getAndIncrement() % 2, 2);
        DataLoader loader = new DataLoader(d, 4, 0, DataLoader.Options.evaluation().withTransform(bad));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> all(loader, 0));
        assertTrue(e.getMessage().contains("one shape"), e.getMessage());
    }

    /** A dataset that fails on one item, as a corrupt file read lazily would. */
    private record Failing(Dataset inner, int badIndex) implements Dataset {
        @Override public int size() { return inner.size(); }
        @Override public Sample get(int i) {
            if (i == badIndex) throw new DataFormatException("bad.png", "unreadable image");
            return inner.get(i);
        }
        @Override public int label(int i) { return inner.label(i); }
        @Override public List<String> classes() { return inner.classes(); }
        @Override public int[] imageShape() { return inner.imageShape(); }
    }

    @Test
    void exceptionsInTheLoaderThreadReachTheConsumer() {
        Dataset d = new Failing(TestData.indexed(20, 1, 2, 2, 100), 13);
        DataLoader loader = new DataLoader(d, 4, 0, new DataLoader.Options(false, false, Transform.identity(), 2));
        try (DataLoader.Epoch e = loader.epoch(0)) {
            for (int b = 0; b < 3; b++) assertEquals(4, e.next().size());
            DataFormatException thrown = assertThrows(DataFormatException.class, e::next);
            assertTrue(thrown.getMessage().contains("bad.png"));
            assertFalse(e.hasNext());
        }
    }

    @Test
    void closingEarlyStopsTheThreadEvenWhenTheQueueIsFull() throws InterruptedException {
        ImageDataset d = TestData.random(400, 1, 4, 4, 2, 5);
        DataLoader loader = new DataLoader(d, 2, 0, new DataLoader.Options(true, false, Transform.identity(), 2));
        DataLoader.Epoch e = loader.epoch(0);
        e.next();
        Thread.sleep(50);                           // let the producer fill the queue and block
        assertTrue(e.thread().isAlive());
        e.close();
        assertFalse(e.thread().isAlive());
        assertFalse(e.hasNext());
    }

    @Test
    void theThreadEndsByItselfWhenTheEpochIsConsumed() throws InterruptedException {
        DataLoader loader = new DataLoader(TestData.random(9, 1, 2, 2, 3, 1), 3, 0, DataLoader.Options.training());
        DataLoader.Epoch e = loader.epoch(0);
        int n = 0;
        while (e.hasNext()) {
            e.next();
            n++;
        }
        e.thread().join(5000);
        assertEquals(3, n);
        assertFalse(e.thread().isAlive());
    }

    @Test
    void identityTransformIsNotCopiedPerImage() {
        ImageDataset d = TestData.random(4, 1, 2, 2, 2, 1);
        DataLoader loader = new DataLoader(d, 4, 0, DataLoader.Options.evaluation());
        Tensor images = all(loader, 0).get(0).images();
        assertArrayEquals(d.batch(new int[] {0, 1, 2, 3}).images().toArray(), images.toArray());
        assertSame(Transform.IDENTITY, Transform.compose(List.of()));
    }
}

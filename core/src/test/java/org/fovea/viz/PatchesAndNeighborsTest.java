package org.fovea.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.fovea.data.ImageDataset;
import org.fovea.tensor.Tensor;
import org.fovea.zoo.LeNet5;
import org.junit.jupiter.api.Test;

class PatchesAndNeighborsTest {
    @Test
    void theReceptiveFieldOfAFirstLayerUnitIsItsKernelWindow() {
        Probe probe = new Probe(new LeNet5(1, 28, 10, new SplittableRandom(1)), null, new int[] {1, 28, 28});
        Tensor image = Tensor.rand(new SplittableRandom(2), 1, 28, 28);
        assertArrayEquals(new int[] {8, 8, 13, 13}, MaxPatches.receptiveField(probe, image, "0", 2, 10, 10), "5×5 kernel, padding 2");
        assertArrayEquals(new int[] {0, 0, 3, 3}, MaxPatches.receptiveField(probe, image, "0", 2, 0, 0), "clipped at the corner");
        // conv2 at (2, 2) reads pooled rows 2..6, i.e. conv1 rows 4..13, i.e. pixels 2..15; max pooling routes
        // each gradient to one of four inputs, so the measured field lies inside and may be a little smaller.
        int[] deep = MaxPatches.receptiveField(probe, image, "3", 0, 2, 2);
        assertTrue(deep[0] >= 2 && deep[1] >= 2 && deep[2] <= 16 && deep[3] <= 16 && deep[2] - deep[0] >= 10, java.util.Arrays.toString(deep));
        Tensor act = probe.activations(image.unsqueeze(0), "5");
        assertEquals(0f, act.select(0, 0).select(0, 0).max().item(), "channel 0 of pool2 is dead on this image");
        assertArrayEquals(new int[] {0, 0, 28, 28}, MaxPatches.receptiveField(probe, image, "5", 0, 2, 2), "a dead unit: the whole image");
    }

    @Test
    void topPatchesAreSortedCropsOfOneSize() {
        Probe probe = VizFixtures.trainedMlp();
        ImageDataset data = VizFixtures.fashionTest(200);
        Probe lenet = new Probe(new LeNet5(1, 28, 10, new SplittableRandom(1)), probe.normalization(), new int[] {1, 28, 28});
        List<MaxPatches.Patch> patches = MaxPatches.top(lenet, data, "1", 4, 6, 200);
        assertEquals(6, patches.size());
        for (int i = 0; i < patches.size(); i++) {
            assertArrayEquals(new int[] {1, 5, 5}, patches.get(i).crop().shape(), "a conv1 unit sees 5×5 pixels");
            if (i > 0) assertTrue(patches.get(i).value() <= patches.get(i - 1).value());
        }
        List<MaxPatches.Patch> flat = MaxPatches.top(probe, data, "2", 0, 3, 200);
        assertArrayEquals(new int[] {1, 28, 28}, flat.get(0).crop().shape(), "a hidden unit of an MLP sees the whole image");
    }

    @Test
    void featureNeighboursShareTheClassMoreOftenThanPixelNeighbours() {
        Probe probe = VizFixtures.trainedMlp();
        ImageDataset gallery = VizFixtures.fashionTrain(1000);
        ImageDataset queries = VizFixtures.fashionTest(40);
        int[] idx = new int[40];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        var q = queries.batch(idx);
        assertEquals("2", probe.lastHiddenLayer());
        Neighbors nn = Neighbors.of(probe, q.images(), gallery, 1000, 5, probe.lastHiddenLayer());
        assertEquals(40, nn.pixel().length);
        assertEquals(5, nn.feature()[0].length);
        double[] agree = nn.labelAgreement(q.labels(), gallery);
        assertTrue(agree[1] >= agree[0] - 0.02 && agree[1] > 0.6, "pixel " + agree[0] + ", feature " + agree[1]);
        Tensor fig = nn.figure(q.images().narrow(0, 0, 3), gallery, 1);
        assertArrayEquals(new int[] {1, 3 * 30 + 2, 12 * 30 + 2}, fig.shape());
        int[][] self = Neighbors.nearest(Tensor.of(new float[] {0, 0, 5, 5, 1, 1}, 3, 2), Tensor.of(new float[] {5, 5, 0, 0, 1, 1.2f}, 3, 2), 2);
        assertArrayEquals(new int[] {1, 2}, self[0]);
        assertArrayEquals(new int[] {0, 2}, self[1]);
    }

    @Test
    void classVisualisationRaisesTheTargetScore() {
        Probe probe = VizFixtures.regionModel();
        Tensor img = new ClassVisualization(30, 0.02f, 1e-3f, 1, 10, 0.5f).generate(probe, 0, new SplittableRandom(5));
        assertArrayEquals(new int[] {1, 28, 28}, img.shape());
        float inside = img.get(0, 10, 10), outside = img.get(0, 22, 22);
        assertTrue(inside > 0.7f && Math.abs(outside - 0.5f) < 0.1f, "the object region brightens: " + inside + " vs " + outside);
        Tensor blurred = ClassVisualization.blur(VizFixtures.regionImage().unsqueeze(0), 0.5f);
        assertEquals(36f, blurred.sum().item(), 1e-3f, "the blur keeps the total");
        assertEquals(VizFixtures.regionImage().get(0, 8, 8), ClassVisualization.roll(ClassVisualization.roll(VizFixtures.regionImage().unsqueeze(0), 3, -2), -3, 2).get(0, 0, 8, 8));
    }
}

package org.fovea.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

class OcclusionTest {
    @Test
    void theMapHasOneCellPerPositionAndDropsWhereTheObjectIsHidden() {
        Probe probe = VizFixtures.regionModel();
        Tensor image = VizFixtures.regionImage();
        float clean = Occlusion.probabilities(probe, image)[0];
        assertTrue(clean > 0.99f, "the model sees its object: " + clean);
        Tensor map = Occlusion.map(probe, image, 0, 6, 2, 0f);
        assertArrayEquals(new int[] {12, 12}, map.shape(), "(28 − 6)/2 + 1 = 12 positions a side");
        assertEquals(0.5f, map.get(4, 4), 1e-5f, "the square at (8, 8) hides the whole object: score 0, probability 1/2");
        assertEquals(clean, map.get(10, 10), 1e-6f, "far from the object nothing changes");
        assertEquals(clean, map.get(0, 0), 1e-6f, "the square at (0, 0) misses the object at 8..13");
        int argmin = 0;
        float[] d = map.toArray();
        for (int i = 1; i < d.length; i++) if (d[i] < d[argmin]) argmin = i;
        assertEquals(4 * 12 + 4, argmin, "the lowest probability is where the square covers the object");
        assertTrue(map.get(3, 4) > map.get(4, 4) && map.get(3, 4) < clean, "half-covered: in between");
    }

    @Test
    void aTrainedModelLosesConfidenceWhenTheGarmentIsCovered() {
        Probe probe = VizFixtures.trainedMlp();
        var test = VizFixtures.fashionTest(20);
        int i = 0;
        while (probe.scores(test.get(i).image().unsqueeze(0)).argmax(1, false).get(0) != test.label(i)) i++;
        Tensor map = Occlusion.map(probe, test.get(i).image(), test.label(i), 14, 7, 0.5f);
        assertArrayEquals(new int[] {3, 3}, map.shape());
        assertTrue(map.min().item() < Occlusion.probabilities(probe, test.get(i).image())[test.label(i)], map.toString());
    }

    @Test
    void thePixelMapAveragesTheSquaresCoveringEachPixel() {
        Probe probe = VizFixtures.regionModel();
        Tensor map = Occlusion.map(probe, VizFixtures.regionImage(), 0, 6, 2, 0f);
        Tensor pixels = Occlusion.pixelMap(map, 28, 28, 6, 2);
        assertArrayEquals(new int[] {28, 28}, pixels.shape());
        assertEquals(map.get(0, 0), pixels.get(0, 0), 1e-6f, "only the square at (0, 0) covers pixel (0, 0)");
        float mean = 0;
        for (int i = 4; i <= 6; i++) for (int j = 4; j <= 6; j++) mean += map.get(i, j) / 9;
        assertEquals(mean, pixels.get(12, 12), 1e-6f, "pixel 12 lies in the squares at 8, 10 and 12");
        assertTrue(pixels.get(11, 11) < pixels.get(24, 24), "the object's pixels are darkest");
        assertEquals(map.get(11, 11), pixels.get(27, 27), 1e-6f, "the last square covers the corner");
    }
}

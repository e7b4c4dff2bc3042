package org.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    @Test
    void perChannelStatisticsMatchTheTensorReductions() {
        ImageDataset d = TestData.random(30, 3, 5, 4, 2, 11);
        Normalization n = Normalization.perChannel(d);
        Tensor all = d.batch(java.util.stream.IntStream.range(0, 30).toArray()).images();
        float[] mean = all.mean(new int[] {0, 2, 3}, false).toArray();
        float[] var = all.var(new int[] {0, 2, 3}, 0, false).toArray();
        for (int c = 0; c < 3; c++) {
            assertEquals(mean[c], n.mean()[c], 1e-5);
            assertEquals(Math.sqrt(var[c]), n.std()[c], 1e-5);
        }
        Tensor z = n.apply(all);
        float[] zMean = z.mean(new int[] {0, 2, 3}, false).toArray();
        float[] zVar = z.var(new int[] {0, 2, 3}, 0, false).toArray();
        for (int c = 0; c < 3; c++) {
            assertEquals(0, zMean[c], 1e-4);
            assertEquals(1, zVar[c], 1e-3);
        }
    }

    @Test
    void meanImageCentresEveryPixel() {
        ImageDataset d = TestData.random(20, 1, 3, 3, 2, 4);
        Normalization n = Normalization.meanImage(d);
        assertArrayEquals(new int[] {1, 3, 3}, n.shape());
        Tensor all = d.batch(java.util.stream.IntStream.range(0, 20).toArray()).images();
        Tensor centred = n.apply(all).mean(new int[] {0}, false);
        for (float v : centred.toArray()) assertEquals(0, v, 1e-5);
        Tensor one = n.apply(d.get(0).image());
        assertEquals(d.get(0).image().get(0, 1, 2) - n.mean()[5], one.get(0, 1, 2), 1e-6);
    }

    @Test
    void survivesAJsonRoundTripAndAppliesIdentically() throws Exception {
        Normalization n = Normalization.perChannel(TestData.random(10, 3, 2, 2, 2, 1));
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> back = json.readValue(json.writeValueAsString(n.toMap()), Map.class);
        Normalization m = Normalization.fromMap(back);
        assertEquals(n, m);
        Tensor x = Tensor.rand(new java.util.SplittableRandom(1), 3, 2, 2);
        assertArrayEquals(n.apply(x).toArray(), m.apply(x, null).toArray());
    }

    @Test
    void rejectsMismatchedImagesAndBadMaps() {
        Normalization n = Normalization.perChannel(TestData.random(4, 3, 2, 2, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> n.apply(Tensor.zeros(1, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> Normalization.fromMap(Map.of("mean", java.util.List.of(1))));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new int[] {1, 1, 1}, new float[] {0}, new float[] {0}));
    }
}

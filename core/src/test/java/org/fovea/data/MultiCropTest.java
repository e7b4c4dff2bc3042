package org.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MultiCropTest {
    /** value at (y, x) = 10·y + x */
    private static Tensor ramp(int h, int w) {
        float[] d = new float[h * w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) d[y * w + x] = 10 * y + x;
        return Tensor.wrap(d, 1, h, w);
    }

    @Test
    void tenCropsAreTheCornersTheCentreAndTheirMirrors() {
        Tensor crops = MultiCrop.tenCrop(ramp(5, 5), 3);
        assertArrayEquals(new int[] {10, 1, 3, 3}, crops.shape());
        float[] topLeft = {0, 1, 2, 10, 11, 12, 20, 21, 22};
        assertArrayEquals(topLeft, crops.select(0, 0).toArray());
        assertEquals(2, crops.get(1, 0, 0, 0));      // top-right starts at x = 2
        assertEquals(20, crops.get(2, 0, 0, 0));     // bottom-left
        assertEquals(22, crops.get(3, 0, 0, 0));     // bottom-right
        assertEquals(11, crops.get(4, 0, 0, 0));     // centre
        assertArrayEquals(new float[] {2, 1, 0, 12, 11, 10, 22, 21, 20}, crops.select(0, 5).toArray());
    }

    @Test
    void multiScaleMakesTenCropsPerScale() {
        Tensor crops = MultiCrop.multiScale(ramp(6, 8), 4, 4, 6);
        assertArrayEquals(new int[] {20, 1, 4, 4}, crops.shape());
        assertThrows(IllegalArgumentException.class, () -> MultiCrop.multiScale(ramp(6, 8), 4, 3));
    }

    @Test
    void predictAveragesTheModelOverCropsWithOneCallPerCrop() {
        Tensor images = Tensor.stack(0, ramp(5, 5), ramp(5, 5).add(100));
        AtomicInteger calls = new AtomicInteger();
        // "model": K = 2 outputs, the crop's mean and its top-left value
        Tensor out = MultiCrop.predict(batch -> {
            calls.incrementAndGet();
            assertArrayEquals(new int[] {2, 1, 3, 3}, batch.shape());
            int n = batch.size(0);
            float[] o = new float[n * 2];
            for (int i = 0; i < n; i++) {
                o[2 * i] = batch.select(0, i).mean().item();
                o[2 * i + 1] = batch.get(i, 0, 0, 0);
            }
            return Tensor.wrap(o, n, 2);
        }, images, 3);
        assertEquals(10, calls.get());
        assertArrayEquals(new int[] {2, 2}, out.shape());
        // crop means: corners 11, 13, 31, 33, centre 22 (mirrors the same) → 22
        assertEquals(22, out.get(0, 0), 1e-4);
        assertEquals(122, out.get(1, 0), 1e-4);
        // top-left values: 0, 2, 20, 22, 11, then mirrored 2, 4, 22, 24, 13 → 120 / 10
        assertEquals(12, out.get(0, 1), 1e-4);
    }
}

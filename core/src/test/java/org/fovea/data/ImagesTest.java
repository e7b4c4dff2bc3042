package org.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
    @Test
    void pngRoundTripIsExactForByteValuesAndClampsOthers(@TempDir Path dir) {
        float[] d = new float[3 * 2 * 2];
        for (int i = 0; i < d.length; i++) d[i] = (i * 20) / 255f;
        d[0] = -0.5f;
        d[1] = 1.7f;
        Images.writePng(Tensor.wrap(d, 3, 2, 2), dir.resolve("x.png"));
        Tensor back = Images.read(dir.resolve("x.png"), 3);
        assertArrayEquals(new int[] {3, 2, 2}, back.shape());
        assertEquals(0f, back.get(0, 0, 0));
        assertEquals(1f, back.get(0, 0, 1));
        for (int i = 2; i < d.length; i++) assertEquals(d[i], back.toArray()[i], 1e-6f);
        Tensor grey = Images.read(dir.resolve("x.png"), 1);
        assertArrayEquals(new int[] {1, 2, 2}, grey.shape());
    }

    @Test
    void gridPlacesImagesRowByRowWithPadding() {
        Tensor a = Tensor.full(0.5f, 1, 2, 3), b = Tensor.full(1f, 1, 2, 3);
        Tensor g = Images.grid(List.of(a, b, a), 2, 1);
        assertArrayEquals(new int[] {1, 2 * 3 + 1, 2 * 4 + 1}, g.shape());
        assertEquals(0f, g.get(0, 0, 0));
        assertEquals(0.5f, g.get(0, 1, 1));
        assertEquals(1f, g.get(0, 1, 5));
        assertEquals(0.5f, g.get(0, 4, 1));
        assertEquals(0f, g.get(0, 4, 5), "the empty fourth cell");
        assertThrows(IllegalArgumentException.class, () -> Images.grid(List.of(a, Tensor.zeros(1, 3, 3)), 2, 0));
    }
}

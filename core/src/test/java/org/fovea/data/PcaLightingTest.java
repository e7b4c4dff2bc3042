package org.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PcaLightingTest {
    private static void assertEigenPairs(double[][] a, SymmetricEigen3 e) {
        for (int k = 0; k < 3; k++) {
            double norm = 0;
            for (int i = 0; i < 3; i++) {
                double av = 0;
                for (int j = 0; j < 3; j++) av += a[i][j] * e.vectors()[j][k];
                assertEquals(e.values()[k] * e.vectors()[i][k], av, 1e-10, "A v = λ v");
                norm += e.vectors()[i][k] * e.vectors()[i][k];
            }
            assertEquals(1, norm, 1e-12);
            for (int l = k + 1; l < 3; l++) {
                double dot = 0;
                for (int i = 0; i < 3; i++) dot += e.vectors()[i][k] * e.vectors()[i][l];
                assertEquals(0, dot, 1e-12, "orthogonal");
            }
        }
        assertTrue(e.values()[0] >= e.values()[1] && e.values()[1] >= e.values()[2], "descending");
    }

    @Test
    void jacobiSolvesKnownAndRandomMatrices() {
        SymmetricEigen3 diag = SymmetricEigen3.decompose(new double[][] {{1, 0, 0}, {0, 5, 0}, {0, 0, 3}});
        assertArrayEquals(new double[] {5, 3, 1}, diag.values(), 1e-12);
        double[][] a = {{2, 1, 0}, {1, 2, 0}, {0, 0, 7}};     // eigenvalues 7, 3, 1
        SymmetricEigen3 e = SymmetricEigen3.decompose(a);
        assertArrayEquals(new double[] {7, 3, 1}, e.values(), 1e-12);
        assertEigenPairs(a, e);
        SplittableRandom rng = new SplittableRandom(4);
        for (int t = 0; t < 50; t++) {
            double[][] m = new double[3][3];
            for (int i = 0; i < 3; i++) for (int j = i; j < 3; j++) m[i][j] = m[j][i] = rng.nextDouble(-3, 3);
            assertEigenPairs(m, SymmetricEigen3.decompose(m));
        }
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen3.decompose(new double[][] {{1, 2, 0}, {0, 1, 0}, {0, 0, 1}}));
    }

    /** Images whose pixels vary only along (1, 1, 0)/√2 around grey: the first principal component. */
    private static ImageDataset alongRedGreen() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = 50, hw = 16;
        byte[] px = new byte[n * 3 * hw];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < hw; p++) {
                int t = rng.nextInt(-100, 100);
                px[(i * 3) * hw + p] = (byte) (128 + t);
                px[(i * 3 + 1) * hw + p] = (byte) (128 + t);
                px[(i * 3 + 2) * hw + p] = (byte) 128;
            }
        }
        return new ImageDataset("rg", px, new int[] {3, 4, 4}, new int[n], List.of("x"));
    }

    @Test
    void fitFindsTheDominantColourDirection() {
        PcaLighting pca = PcaLighting.fit(alongRedGreen(), 0.1f);
        float[] v = pca.eigenvectors();
        assertEquals(1 / Math.sqrt(2), Math.abs(v[0]), 1e-4);   // component R of p₀
        assertEquals(1 / Math.sqrt(2), Math.abs(v[3]), 1e-4);   // component G of p₀
        assertEquals(0, v[6], 1e-4);
        assertTrue(pca.eigenvalues()[0] > 0.05 && pca.eigenvalues()[1] < 1e-6, java.util.Arrays.toString(pca.eigenvalues()));
    }

    @Test
    void applyShiftsEveryPixelByTheSameColourAlongTheComponents() {
        PcaLighting pca = PcaLighting.fit(alongRedGreen(), 0.1f);
        Tensor img = Tensor.full(0.5f, 3, 4, 4);
        Tensor out = pca.apply(img, new SplittableRandom(3));
        float dr = out.get(0, 0, 0) - 0.5f, dg = out.get(1, 0, 0) - 0.5f, db = out.get(2, 0, 0) - 0.5f;
        assertTrue(Math.abs(dr) > 1e-5, "a shift happened");
        assertEquals(dr, dg, 1e-6);             // along (1, 1, 0)
        assertEquals(0, db, 1e-6);
        assertEquals(dr, out.get(0, 3, 2) - 0.5f, 1e-6);
        assertArrayEquals(img.toArray(), new PcaLighting(pca.eigenvalues(), pca.eigenvectors(), 0).apply(img, new SplittableRandom(3)).toArray());
        assertThrows(IllegalArgumentException.class, () -> pca.apply(Tensor.zeros(1, 2, 2), new SplittableRandom(0)));
    }
}

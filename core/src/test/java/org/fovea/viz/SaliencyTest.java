package org.fovea.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.fovea.autograd.Variable;
import org.fovea.data.Normalization;
import org.fovea.tensor.Tensor;
import org.fovea.zoo.LeNet5;
import org.junit.jupiter.api.Test;

class SaliencyTest {
    @Test
    void equalsTheAbsoluteInputGradientMaximisedOverChannels() {
        LeNet5 model = new LeNet5(3, 28, 10, new SplittableRandom(3));
        Normalization norm = new Normalization(new int[] {3, 1, 1}, new float[] {0.4f, 0.5f, 0.6f}, new float[] {0.2f, 0.25f, 0.3f});
        Probe probe = new Probe(model, norm, new int[] {3, 28, 28});
        Tensor images = Tensor.rand(new SplittableRandom(4), 2, 3, 28, 28);
        int[] targets = {3, 7};
        Tensor maps = Saliency.maps(probe, images, targets);
        assertArrayEquals(new int[] {2, 28, 28}, maps.shape());
        for (int n = 0; n < 2; n++) {
            // The reference: autograd on one image, in the normalised space, chained by hand through (x − μ)/σ.
            Variable x = Variable.param(norm.apply(images.select(0, n).contiguous()).unsqueeze(0));
            model.forward(x).narrow(1, targets[n], 1).sum().backward();
            Tensor g = x.grad();
            for (int y = 0; y < 28; y++) {
                for (int xx = 0; xx < 28; xx++) {
                    float want = 0;
                    for (int c = 0; c < 3; c++) want = Math.max(want, Math.abs(g.get(0, c, y, xx) / norm.std()[c]));
                    assertEquals(want, maps.get(n, y, xx), 1e-5f * Math.max(1f, want), "pixel " + y + "," + xx + " of image " + n);
                }
            }
        }
        assertTrue(maps.max().item() > 0);
        model.parameters().forEach(p -> assertTrue(p.requiresGrad(), "the model's parameters are unfrozen again"));
    }

    @Test
    void isTheWeightMagnitudeOfALinearModel() {
        Probe probe = VizFixtures.regionModel();
        Tensor map = Saliency.maps(probe, VizFixtures.regionImage().unsqueeze(0), new int[] {0}).select(0, 0);
        assertEquals(0.25f, map.get(10, 10));
        assertEquals(0f, map.get(20, 20));
        assertEquals(9f, map.sum().item(), 1e-4f);
    }
}

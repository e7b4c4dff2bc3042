package org.fovea.data;

import java.util.random.RandomGenerator;
import org.fovea.tensor.Tensor;

/**
 * A random rotation (uniform in ±degrees), translation (uniform in ±translate × the image width and
 * height) and horizontal shear (uniform in ±shearDegrees) about the image centre, sampled bilinearly with
 * zeros outside (as torchvision's RandomAffine). Zero limits switch a part off.
 *
 * <p>Shape: (C, H, W) → (C, H, W).
 */
public record RandomAffine(float degrees, float translate, float shearDegrees) implements Transform {
    public RandomAffine {
        if (degrees < 0 || translate < 0 || translate > 1 || shearDegrees < 0 || shearDegrees >= 90) {
            throw new IllegalArgumentException("RandomAffine: need degrees >= 0, translate in [0, 1], shear in [0, 90), got " + degrees + ", " + translate + ", " + shearDegrees);
        }
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        int h = image.size(1), w = image.size(2);
        double angle = Math.toRadians(degrees * (2 * rng.nextDouble() - 1));
        double tx = translate * w * (2 * rng.nextDouble() - 1), ty = translate * h * (2 * rng.nextDouble() - 1);
        double shear = Math.tan(Math.toRadians(shearDegrees * (2 * rng.nextDouble() - 1)));
        return ImageOps.affine(image, h, w, inverseMap(w, h, angle, tx, ty, shear));
    }

    /**
     * The map from output to input pixel of the forward transform out = R(angle)·S(shear)·(in − c) + c + t,
     * S = [[1, shear], [0, 1]], c the image centre, in the layout {@link ImageOps#affine} takes.
     */
    public static float[] inverseMap(int w, int h, double angle, double tx, double ty, double shear) {
        double cos = Math.cos(angle), sin = Math.sin(angle);
        // A = R·S = [[cos, cos·shear − sin], [sin, sin·shear + cos]]; det A = 1.
        double a = cos, b = cos * shear - sin, c = sin, d = sin * shear + cos;
        double ia = d, ib = -b, ic = -c, id = a;
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        double ox = cx + tx, oy = cy + ty;
        return new float[] {(float) ia, (float) ib, (float) (cx - ia * ox - ib * oy),
                            (float) ic, (float) id, (float) (cy - ic * ox - id * oy)};
    }
}

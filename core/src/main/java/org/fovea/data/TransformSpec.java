package org.fovea.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Parses the augmentation lists of the command line ({@code --augment}, {@code --transform}): comma
 * separated names, each with optional colon-separated parameters after '='. Defaults fit the image size:
 * <pre>
 *   flip[=p]                   HorizontalFlip(p = 0.5)
 *   crop[=padding]             RandomCrop(H, W, padding = 4)
 *   scale[=min:max:crop]       ScaleJitter(min = H, max = round(H·480/256), crop = H)
 *   resized[=size[:minScale]]  RandomResizedCrop(size = H, minScale = 0.08)
 *   color[=b:c:s]              ColorJitter(0.4, 0.4, 0.4)
 *   pca[=sigma]                PcaLighting fitted on the training set, sigma = 0.1
 *   rotate[=degrees]           RandomAffine(15, 0, 0)
 *   translate[=fraction]       RandomAffine(0, 0.1, 0)
 *   shear[=degrees]            RandomAffine(0, 0, 10)
 *   affine[=deg:frac:shear]    RandomAffine(15, 0.1, 10)
 * </pre>
 * Example: {@code flip,crop=4} is the CIFAR recipe; {@code scale=256:480:224,flip,color,pca} ResNet's.
 */
public final class TransformSpec {
    public static final List<String> NAMES = List.of("flip", "crop", "scale", "resized", "color", "pca", "rotate", "translate", "shear", "affine");

    private TransformSpec() {}

    /**
     * @param imageShape the (C, H, W) the transforms receive
     * @param pca        fits PCA lighting when "pca" is asked for (called at most once); may return null otherwise
     */
    public static Transform parse(String spec, int[] imageShape, Supplier<PcaLighting> pca) {
        if (spec == null || spec.isBlank() || spec.equals("none")) return Transform.identity();
        int h = imageShape[1], w = imageShape[2];
        List<Transform> out = new ArrayList<>();
        for (String item : spec.split(",")) {
            String s = item.strip();
            int eq = s.indexOf('=');
            String name = eq < 0 ? s : s.substring(0, eq);
            double[] a = eq < 0 ? new double[0] : numbers(s, s.substring(eq + 1));
            out.add(switch (name) {
                case "flip" -> new HorizontalFlip(arg(a, 0, 0.5));
                case "crop" -> new RandomCrop(h, w, (int) arg(a, 0, 4));
                case "scale" -> new ScaleJitter((int) arg(a, 0, Math.min(h, w)), (int) arg(a, 1, Math.round(Math.min(h, w) * 480.0 / 256)), (int) arg(a, 2, Math.min(h, w)));
                case "resized" -> new RandomResizedCrop((int) arg(a, 0, h), arg(a, 1, 0.08), 1.0);
                case "color" -> new ColorJitter((float) arg(a, 0, 0.4), (float) arg(a, 1, 0.4), (float) arg(a, 2, 0.4));
                case "pca" -> {
                    PcaLighting fitted = pca.get();
                    yield new PcaLighting(fitted.eigenvalues(), fitted.eigenvectors(), (float) arg(a, 0, 0.1));
                }
                case "rotate" -> new RandomAffine((float) arg(a, 0, 15), 0, 0);
                case "translate" -> new RandomAffine(0, (float) arg(a, 0, 0.1), 0);
                case "shear" -> new RandomAffine(0, 0, (float) arg(a, 0, 10));
                case "affine" -> new RandomAffine((float) arg(a, 0, 15), (float) arg(a, 1, 0.1), (float) arg(a, 2, 10));
                default -> throw new IllegalArgumentException("unknown transform \"" + name + "\" in \"" + spec + "\"; known: " + String.join(", ", NAMES));
            });
        }
        return Transform.compose(out);
    }

    private static double[] numbers(String item, String args) {
        String[] parts = args.split(":");
        double[] a = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                a[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("transform \"" + item + "\": \"" + parts[i] + "\" is not a number", e);
            }
        }
        return a;
    }

    private static double arg(double[] a, int i, double fallback) {
        return i < a.length ? a[i] : fallback;
    }
}

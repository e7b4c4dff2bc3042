package org.fovea.data;

import java.util.random.RandomGenerator;
import org.fovea.tensor.Tensor;

/**
 * AlexNet's colour augmentation (Krizhevsky, Sutskever and Hinton 2012, §4.1): add to every pixel
 * Σₖ αₖ λₖ pₖ, where pₖ, λₖ are the eigenvectors and eigenvalues of the 3×3 covariance of RGB values over
 * the training set and αₖ ~ N(0, sigma) is drawn once per image (sigma = 0.1 in the paper).
 *
 * <p>Shape: (3, H, W) → (3, H, W).
 *
 * @param eigenvalues  λ, descending
 * @param eigenvectors 3×3 row-major, column k is pₖ
 */
public record PcaLighting(float[] eigenvalues, float[] eigenvectors, float sigma) implements Transform {
    public PcaLighting {
        if (eigenvalues.length != 3 || eigenvectors.length != 9 || sigma < 0) throw new IllegalArgumentException("PcaLighting: want 3 eigenvalues, 9 eigenvector entries, sigma >= 0");
        eigenvalues = eigenvalues.clone();
        eigenvectors = eigenvectors.clone();
    }

    /** Fits the eigen-decomposition of the RGB covariance over every pixel of an RGB dataset. */
    public static PcaLighting fit(Dataset data, float sigma) {
        double[][] cov = rgbCovariance(data);
        SymmetricEigen3 eig = SymmetricEigen3.decompose(cov);
        float[] values = new float[3], vectors = new float[9];
        for (int k = 0; k < 3; k++) {
            values[k] = (float) Math.max(0, eig.values()[k]);
            for (int i = 0; i < 3; i++) vectors[i * 3 + k] = (float) eig.vectors()[i][k];
        }
        return new PcaLighting(values, vectors, sigma);
    }

    /** The 3×3 covariance of (R, G, B) over all pixels of all images, in double precision. */
    public static double[][] rgbCovariance(Dataset data) {
        int[] s = data.imageShape();
        if (s[0] != 3) throw new IllegalArgumentException("PcaLighting: needs RGB images, got " + s[0] + " channel(s)");
        int hw = s[1] * s[2];
        double[] sum = new double[3];
        double[][] sq = new double[3][3];
        long n = 0;
        for (int start = 0; start < data.size(); start += 256) {
            int[] idx = java.util.stream.IntStream.range(start, Math.min(data.size(), start + 256)).toArray();
            float[] d = data.batch(idx).images().data();
            for (int b = 0; b < idx.length; b++) {
                int base = b * 3 * hw;
                for (int p = 0; p < hw; p++) {
                    double r = d[base + p], g = d[base + hw + p], bl = d[base + 2 * hw + p];
                    sum[0] += r; sum[1] += g; sum[2] += bl;
                    sq[0][0] += r * r; sq[0][1] += r * g; sq[0][2] += r * bl;
                    sq[1][1] += g * g; sq[1][2] += g * bl; sq[2][2] += bl * bl;
                }
            }
            n += (long) idx.length * hw;
        }
        double[][] cov = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = i; j < 3; j++) {
                cov[i][j] = sq[i][j] / n - (sum[i] / n) * (sum[j] / n);
                cov[j][i] = cov[i][j];
            }
        }
        return cov;
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        Tensor x = ImageOps.chw("PcaLighting", image);
        if (x.size(0) != 3) throw new IllegalArgumentException("PcaLighting: needs an RGB image, got " + x.size(0) + " channel(s)");
        float[] alpha = new float[3];
        for (int k = 0; k < 3; k++) alpha[k] = (float) rng.nextGaussian() * sigma;
        int hw = x.size(1) * x.size(2);
        float[] out = new float[3 * hw];
        for (int i = 0; i < 3; i++) {
            float shift = 0;
            for (int k = 0; k < 3; k++) shift += eigenvectors[i * 3 + k] * alpha[k] * eigenvalues[k];
            for (int p = 0; p < hw; p++) out[i * hw + p] = x.data()[x.offset() + i * hw + p] + shift;
        }
        return Tensor.wrap(out, x.shape());
    }
}

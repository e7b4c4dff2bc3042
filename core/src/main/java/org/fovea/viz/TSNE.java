package org.fovea.viz;

import java.util.random.RandomGenerator;
import org.fovea.tensor.Tensor;

/**
 * Exact t-SNE (van der Maaten & Hinton 2008, "Visualizing Data using t-SNE", Alg. 1): each point i gets a
 * Gaussian over its neighbours, its bandwidth found by bisection so that the distribution's perplexity
 * 2^H(P_i) is the one asked for; the symmetrised affinities p_ij = (p_j|i + p_i|j) / 2N are matched in two
 * dimensions by a Student-t kernel q_ij ∝ (1 + ‖y_i − y_j‖²)⁻¹, minimising KL(P ‖ Q) by gradient descent with
 * momentum, per-coordinate gains (Jacobs 1988) and early exaggeration (P × 12 for the first quarter of the
 * steps, at most 250). O(N²) per step: meant for up to a few thousand points.
 *
 * <p>Shape: features (N, D) → embedding (N, 2).
 *
 * @param perplexity the effective number of neighbours (5–50; at most (N − 1) / 3)
 * @param iterations gradient steps
 * @param learningRate step size (the paper's 100–200 for a few thousand points)
 */
public record TSNE(double perplexity, int iterations, double learningRate) {
    public TSNE {
        if (!(perplexity > 1) || iterations < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("t-SNE: need perplexity > 1, iterations >= 1, learning rate > 0");
        }
    }

    public static TSNE defaults() { return new TSNE(30, 1000, 200); }

    /** The 2-D embedding of the rows of {@code features}. */
    public Tensor embed(Tensor features, RandomGenerator rng) {
        if (features.dim() != 2 || features.size(0) < 4) throw new IllegalArgumentException("t-SNE: want (N, D) features with N >= 4");
        int n = features.size(0);
        double perp = Math.min(perplexity, (n - 1) / 3.0);
        double[] p = affinities(squaredDistances(features), n, perp);
        double[] y = new double[2 * n], update = new double[2 * n], gains = new double[2 * n], grad = new double[2 * n];
        java.util.Arrays.fill(gains, 1);
        for (int i = 0; i < 2 * n; i++) y[i] = rng.nextGaussian() * 1e-4;
        int exaggerated = Math.min(250, iterations / 4);
        double[] num = new double[n * n];
        for (int t = 0; t < iterations; t++) {
            double exaggeration = t < exaggerated ? 12 : 1, momentum = t < 250 ? 0.5 : 0.8;
            double z = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                    double q = 1 / (1 + dx * dx + dy * dy);
                    num[i * n + j] = q;
                    num[j * n + i] = q;
                    z += 2 * q;
                }
            }
            // ∂C/∂y_i = 4 Σ_j (p_ij − q_ij)(1 + ‖y_i − y_j‖²)⁻¹ (y_i − y_j)   (eq. 5)
            for (int i = 0; i < n; i++) {
                double gx = 0, gy = 0;
                for (int j = 0; j < n; j++) {
                    if (j == i) continue;
                    double w = (exaggeration * p[i * n + j] - num[i * n + j] / z) * num[i * n + j];
                    gx += w * (y[2 * i] - y[2 * j]);
                    gy += w * (y[2 * i + 1] - y[2 * j + 1]);
                }
                grad[2 * i] = 4 * gx;
                grad[2 * i + 1] = 4 * gy;
            }
            for (int k = 0; k < 2 * n; k++) {
                gains[k] = Math.signum(grad[k]) != Math.signum(update[k]) ? gains[k] + 0.2 : Math.max(0.01, gains[k] * 0.8);
                update[k] = momentum * update[k] - learningRate * gains[k] * grad[k];
                y[k] += update[k];
            }
            centre(y, n);
        }
        float[] out = new float[2 * n];
        for (int k = 0; k < 2 * n; k++) out[k] = (float) y[k];
        return Tensor.wrap(out, n, 2);
    }

    /** Symmetric joint affinities p_ij (row-major N × N), each row's bandwidth fitted to the perplexity. */
    static double[] affinities(double[] d2, int n, double perplexity) {
        double target = Math.log(perplexity), tol = 1e-5;
        double[] cond = new double[n * n];
        for (int i = 0; i < n; i++) {
            double beta = 1, lo = 0, hi = Double.POSITIVE_INFINITY;
            for (int iter = 0; iter < 64; iter++) {
                // H(P_i) = log Σ_j e^{−β d_ij} + β Σ_j d_ij p_j|i  (in nats); shift by the smallest distance for stability
                double min = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) if (j != i) min = Math.min(min, d2[i * n + j]);
                double sum = 0, weighted = 0;
                for (int j = 0; j < n; j++) {
                    if (j == i) continue;
                    double e = Math.exp(-beta * (d2[i * n + j] - min));
                    cond[i * n + j] = e;
                    sum += e;
                    weighted += e * (d2[i * n + j] - min);
                }
                double entropy = Math.log(sum) + beta * weighted / sum;
                for (int j = 0; j < n; j++) if (j != i) cond[i * n + j] /= sum;
                if (Math.abs(entropy - target) < tol) break;
                if (entropy > target) {
                    lo = beta;
                    beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
                } else {
                    hi = beta;
                    beta = (beta + lo) / 2;
                }
            }
        }
        double[] p = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) p[i * n + j] = Math.max((cond[i * n + j] + cond[j * n + i]) / (2.0 * n), 1e-12);
        }
        return p;
    }

    private static double[] squaredDistances(Tensor features) {
        int n = features.size(0), d = features.size(1);
        float[] x = features.contiguous().toArray();
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double diff = x[i * d + k] - x[j * d + k];
                    s += diff * diff;
                }
                out[i * n + j] = s;
                out[j * n + i] = s;
            }
        }
        return out;
    }

    private static void centre(double[] y, int n) {
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += y[2 * i];
            my += y[2 * i + 1];
        }
        for (int i = 0; i < n; i++) {
            y[2 * i] -= mx / n;
            y[2 * i + 1] -= my / n;
        }
    }
}

package org.fovea.nn;

import org.fovea.autograd.Variable;
import org.fovea.kernel.BatchNormKernels;
import org.fovea.kernel.Lanes;
import org.fovea.kernel.Parallel;
import org.fovea.tensor.Tensor;

/** Batch normalisation (a fused forward/backward pair) and local response normalisation (composed). */
public final class Norms {
    private Norms() {}

    /**
     * Batch normalisation over dimension 1 (Ioffe & Szegedy 2015, Alg. 1). Shape: x (N, C) or (N, C, …).
     * Training: normalises with the batch's mean and biased variance and updates the running statistics in
     * place (running = (1 − momentum)·running + momentum·batch, with the unbiased variance, as PyTorch).
     * Evaluation: normalises with the running statistics.
     */
    public static Variable batchNorm(String layer, Variable x, Variable gamma, Variable beta, Tensor runningMean,
                                     Tensor runningVar, boolean training, double momentum, double eps) {
        if (x.dim() < 2 || x.size(1) != gamma.numel()) {
            throw new IllegalArgumentException(layer + ": expects input (N, " + gamma.numel() + ", …), got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        int n = x.size(0);
        int c = x.size(1);
        int l = x.numel() / Math.max(n * c, 1);
        if (!training) {
            int[] bshape = new int[x.dim()];
            java.util.Arrays.fill(bshape, 1);
            bshape[1] = c;
            Tensor invStd = runningVar.add((float) eps).sqrt().reshape(bshape);
            Variable xhat = x.sub(Variable.of(runningMean.reshape(bshape))).div(Variable.of(invStd));
            return xhat.mul(gamma.reshape(bshape)).add(beta.reshape(bshape));
        }
        int m = n * l;
        if (m < 2) {
            throw new IllegalArgumentException(layer + ": training needs more than one value per channel, got input of shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        float[] in = dense(x.data());
        float[] g = gamma.data().contiguous().toArray();
        float[] b = beta.data().contiguous().toArray();
        float[] out = new float[in.length];
        float[] xhat = new float[in.length];
        float[] invStd = new float[c];
        float[] rm = runningMean.data();
        float[] rv = runningVar.data();
        Parallel.parallelFor(c, (lo, hi) -> {
            for (int ch = lo; ch < hi; ch++) {
                // Row partials in float (vector code, fixed order), rows added in double.
                double sum = 0;
                for (int i = 0; i < n; i++) sum += Lanes.sum(in, (i * c + ch) * l, l);
                double mean = sum / m;
                double ss = 0;
                for (int i = 0; i < n; i++) ss += BatchNormKernels.sumSquaredDeviations(in, (i * c + ch) * l, l, (float) mean);
                double var = ss / m;
                float is = (float) (1 / Math.sqrt(var + eps));
                invStd[ch] = is;
                for (int i = 0; i < n; i++) {
                    BatchNormKernels.normalize(in, (i * c + ch) * l, l, (float) mean, is, g[ch], b[ch], xhat, out);
                }
                int rmAt = runningMean.offset() + ch;
                int rvAt = runningVar.offset() + ch;
                rm[rmAt] = (float) ((1 - momentum) * rm[rmAt] + momentum * mean);
                rv[rvAt] = (float) ((1 - momentum) * rv[rvAt] + momentum * ss / (m - 1));
            }
        });
        return Variable.op("batchNorm", Tensor.wrap(out, x.shape()), dOut -> {
            float[] d = dense(dOut);
            float[] dX = new float[in.length];
            float[] dGamma = new float[c];
            float[] dBeta = new float[c];
            // dx = γ·invStd/m · (m·dy − Σdy − x̂·Σ(dy·x̂)), dγ = Σ dy·x̂, dβ = Σ dy
            Parallel.parallelFor(c, (lo, hi) -> {
                for (int ch = lo; ch < hi; ch++) {
                    double sumD = 0;
                    double sumDX = 0;
                    for (int i = 0; i < n; i++) {
                        int at = (i * c + ch) * l;
                        sumD += Lanes.sum(d, at, l);
                        sumDX += BatchNormKernels.dot(d, at, xhat, at, l);
                    }
                    dGamma[ch] = (float) sumDX;
                    dBeta[ch] = (float) sumD;
                    double k = g[ch] * invStd[ch] / m;
                    for (int i = 0; i < n; i++) {
                        BatchNormKernels.backward(d, xhat, (i * c + ch) * l, l, (float) k, m, (float) sumD, (float) sumDX, dX);
                    }
                }
            });
            return new Tensor[] {x.requiresGrad() ? Tensor.wrap(dX, x.shape()) : null,
                    gamma.requiresGrad() ? Tensor.wrap(dGamma, gamma.shape()) : null,
                    beta.requiresGrad() ? Tensor.wrap(dBeta, beta.shape()) : null};
        }, x, gamma, beta);
    }

    /**
     * Local response normalisation across channels, PyTorch's definition:
     * b_c = a_c / (k + α/n · Σ_{c' ∈ window(c)} a_{c'}²)^β, window = [c − ⌊n/2⌋, c + ⌊(n−1)/2⌋] clipped.
     * NOTE: Krizhevsky et al. 2012 write α without the 1/n; their α = 1e-4 with n = 5 is PyTorch's α = 5e-4.
     * Shape: (N, C, …) → same.
     */
    public static Variable localResponseNorm(Variable x, int size, double alpha, double beta, double k) {
        int c = x.size(1);
        Variable sq = x.mul(x);
        int[] padShape = x.shape();
        Variable windowSum = null;
        int before = size / 2;
        int after = (size - 1) / 2;
        padShape[1] = before;
        Variable padded = sq;
        if (before > 0) padded = Variable.concat(1, Variable.of(Tensor.zeros(padShape)), padded);
        if (after > 0) {
            padShape[1] = after;
            padded = Variable.concat(1, padded, Variable.of(Tensor.zeros(padShape)));
        }
        for (int i = 0; i < size; i++) {
            Variable shifted = padded.narrow(1, i, c);
            windowSum = windowSum == null ? shifted : windowSum.add(shifted);
        }
        Variable denominator = windowSum.mul((float) (alpha / size)).add((float) k).pow((float) beta);
        return x.div(denominator);
    }

    /** The values of t in row-major order: its own array when it is one already, else a copy (read only). */
    private static float[] dense(Tensor t) {
        if (t.isContiguous() && t.offset() == 0 && t.data().length == t.numel()) return t.data();
        return t.toArray();
    }
}

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
        if (!training) return batchNormEval(x, gamma, beta, runningMean, runningVar, eps, n, c, l);
        int m = n * l;
        if (m < 2) {
            throw new IllegalArgumentException(layer + ": training needs more than one value per channel, got input of shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        float[] in = Functional.dense(x.data());
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
            float[] d = Functional.dense(dOut);
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
     * Evaluation mode as one fused pass: out = x·scale + shift per channel, scale = γ/√(var + ε),
     * shift = β − mean·scale (PyTorch's CPU inference kernel computes the same form). Backward:
     * dx = dy·scale, dγ = Σ dy·x̂ with x̂ = (x − mean)/√(var + ε), dβ = Σ dy (the statistics are constants here).
     * NOTE: the composed form (sub, div, mul, add with broadcasting) allocated four tensors and cost 17 % of a
     * ResNet-20 inference.
     */
    /** Per channel of a batch norm in evaluation mode: mean, 1/√(var + ε), scale = γ/√(var + ε), shift = β − mean·scale. */
    record EvalAffine(float[] mean, float[] invStd, float[] scale, float[] shift) {}

    static EvalAffine evalAffine(Variable gamma, Variable beta, Tensor runningMean, Tensor runningVar, double eps) {
        float[] g = gamma.data().contiguous().toArray();
        float[] b = beta.data().contiguous().toArray();
        float[] rm = runningMean.contiguous().toArray();
        float[] rv = runningVar.contiguous().toArray();
        int c = g.length;
        float[] invStd = new float[c], scale = new float[c], shift = new float[c];
        for (int ch = 0; ch < c; ch++) {
            invStd[ch] = (float) (1 / Math.sqrt(rv[ch] + eps));
            scale[ch] = g[ch] * invStd[ch];
            shift[ch] = b[ch] - rm[ch] * scale[ch];
        }
        return new EvalAffine(rm, invStd, scale, shift);
    }

    private static Variable batchNormEval(Variable x, Variable gamma, Variable beta, Tensor runningMean, Tensor runningVar,
                                          double eps, int n, int c, int l) {
        float[] in = Functional.dense(x.data());
        EvalAffine affine = evalAffine(gamma, beta, runningMean, runningVar, eps);
        float[] rm = affine.mean(), invStd = affine.invStd(), scale = affine.scale(), shift = affine.shift();
        float[] out = new float[n * c * l];
        Parallel.parallelFor(n * c, (lo, hi) -> {
            for (int row = lo; row < hi; row++) {
                BatchNormKernels.affine(in, row * l, l, scale[row % c], shift[row % c], out);
            }
        });
        return Variable.op("batchNorm", Tensor.wrap(out, x.shape()), dOut -> {
            float[] d = Functional.dense(dOut);
            float[] dX = x.requiresGrad() ? new float[in.length] : null;
            float[] dGamma = new float[c];
            float[] dBeta = new float[c];
            Parallel.parallelFor(c, (lo, hi) -> {
                for (int ch = lo; ch < hi; ch++) {
                    double sumD = 0;
                    double sumDX = 0;
                    for (int i = 0; i < n; i++) {
                        int at = (i * c + ch) * l;
                        sumD += Lanes.sum(d, at, l);
                        sumDX += BatchNormKernels.dot(d, at, in, at, l);
                        if (dX != null) BatchNormKernels.affine(d, at, l, scale[ch], 0f, dX);
                    }
                    dGamma[ch] = (float) (invStd[ch] * (sumDX - rm[ch] * sumD));
                    dBeta[ch] = (float) sumD;
                }
            });
            return new Tensor[] {dX == null ? null : Tensor.wrap(dX, x.shape()),
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
}

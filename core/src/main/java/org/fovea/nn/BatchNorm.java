package org.fovea.nn;

import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Batch normalisation (Ioffe & Szegedy 2015) over dimension 1, with learned scale γ (weight, init 1) and
 * shift β (bias, init 0), and running mean/variance buffers used in evaluation mode.
 * {@link BatchNorm1d} and {@link BatchNorm2d} only fix the expected rank.
 */
abstract class BatchNorm extends Module {
    private final int features;
    private final double eps;
    private final double momentum;
    private final Variable weight;
    private final Variable bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final int rank;

    BatchNorm(int features, double eps, double momentum, int rank) {
        if (features < 1 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": need features >= 1, eps > 0 and momentum in [0, 1], got "
                    + features + ", " + eps + ", " + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.rank = rank;
        this.weight = registerParameter("weight", Tensor.ones(features));
        this.bias = registerParameter("bias", Tensor.zeros(features));
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(features));
        this.runningVar = registerBuffer("running_var", Tensor.ones(features));
    }

    @Override
    public Variable forward(Variable x) {
        String name = getClass().getSimpleName() + "(" + features + ")";
        if (x.dim() != rank && !(rank == 2 && x.dim() == 3)) {
            throw new IllegalArgumentException(name + ": expects input of rank " + rank + ", got shape " + java.util.Arrays.toString(x.shape()));
        }
        return Norms.batchNorm(name, x, weight, bias, runningMean, runningVar, isTraining(), momentum, eps);
    }

    /** Channels (features) normalised. */
    public int features() { return features; }

    public Tensor runningMean() { return runningMean; }
    public Tensor runningVar() { return runningVar; }
    public Variable weight() { return weight; }
    public Variable bias() { return bias; }

    @Override
    protected String extraRepr() { return features + ", eps=" + eps + ", momentum=" + momentum; }

    public double eps() { return eps; }

    public double momentum() { return momentum; }
}

package org.fovea.loss;

import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * Binary cross-entropy on logits, stable form: mean of max(x, 0) − x·t + log(1 + e^{−|x|}); gradient
 * (σ(x) − t)/numel. Shape: logits and targets (in [0, 1]) of the same shape → scalar.
 */
public class BCEWithLogitsLoss {
    public Variable forward(Variable logits, Tensor targets) {
        if (!java.util.Arrays.equals(logits.shape(), targets.shape())) {
            throw new IllegalArgumentException("BCEWithLogitsLoss: logits of shape " + java.util.Arrays.toString(logits.shape())
                    + " and targets of shape " + java.util.Arrays.toString(targets.shape()) + " differ");
        }
        float[] x = logits.data().contiguous().toArray();
        float[] t = targets.contiguous().toArray();
        float[] grad = new float[x.length];
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            total += Math.max(x[i], 0) - x[i] * t[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
            grad[i] = (float) ((1 / (1 + Math.exp(-x[i])) - t[i]) / x.length);
        }
        Tensor dLogits = Tensor.wrap(grad, logits.shape());
        return Variable.op("bceWithLogits", Tensor.scalar((float) (total / x.length)),
                dOut -> new Tensor[] {dLogits.mul(dOut.item())}, logits);
    }
}

package org.fovea.loss;

import org.fovea.autograd.Variable;

/** Mean squared error mean((x − t)²), composed from Variable ops. Shape: x and t alike → scalar. */
public class MSELoss {
    public Variable forward(Variable x, Variable target) {
        if (!java.util.Arrays.equals(x.shape(), target.shape())) {
            throw new IllegalArgumentException("MSELoss: input of shape " + java.util.Arrays.toString(x.shape())
                    + " and target of shape " + java.util.Arrays.toString(target.shape()) + " differ");
        }
        Variable d = x.sub(target);
        return d.mul(d).mean();
    }
}

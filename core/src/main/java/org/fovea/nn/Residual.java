package org.fovea.nn;

import org.fovea.autograd.Variable;

/**
 * Residual addition (He et al. 2016): body(x) + shortcut(x), the shortcut being the identity or a
 * projection (1×1 convolution + batch norm) when the shapes change. Shape: as body's output.
 */
public class Residual extends Module {
    private final Module body;
    private final Module shortcut;

    public Residual(Module body) { this(body, new Identity()); }

    public Residual(Module body, Module shortcut) {
        this.body = registerModule("body", body);
        this.shortcut = registerModule("shortcut", shortcut);
    }

    @Override
    public Variable forward(Variable x) {
        Variable a = body.forward(x);
        Variable b = shortcut.forward(x);
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("Residual: body output " + java.util.Arrays.toString(a.shape())
                    + " and shortcut output " + java.util.Arrays.toString(b.shape()) + " differ; use a projection shortcut");
        }
        return a.add(b);
    }
}

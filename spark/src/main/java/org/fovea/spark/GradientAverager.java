package org.fovea.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;
import org.fovea.train.Trainer;

/**
 * The Trainer's gradient hook for data-parallel training: copies every trainable parameter's gradient into
 * one flat buffer (reused from step to step), averages it across the replicas with a {@link RingAllReduce}
 * and copies the mean back. Since each replica's loss is the mean over its own B images, the mean of the N
 * gradients is the gradient of the mean loss over all N·B images: the step of one process with batch N·B.
 */
public final class GradientAverager implements Trainer.GradientHook {
    private final RingAllReduce ring;
    private float[] flat = new float[0];

    public GradientAverager(RingAllReduce ring) {
        this.ring = ring;
    }

    @Override
    public void afterBackward(List<Variable> parameters) {
        int total = 0;
        for (Variable p : parameters) if (p.requiresGrad()) total += p.numel();
        if (flat.length < total) flat = new float[total];
        int at = 0;
        for (int i = 0; i < parameters.size(); i++) {
            Variable p = parameters.get(i);
            if (!p.requiresGrad()) continue;
            Tensor g = gradient(p, i);
            System.arraycopy(g.data(), g.offset(), flat, at, g.numel());
            at += g.numel();
        }
        try {
            ring.allReduce(flat, total);
        } catch (IOException e) {
            throw new UncheckedIOException("data-parallel training: averaging the gradients across " + ring.size() + " tasks failed on rank " + ring.rank(), e);
        }
        at = 0;
        for (int i = 0; i < parameters.size(); i++) {
            Variable p = parameters.get(i);
            if (!p.requiresGrad()) continue;
            Tensor g = p.grad();
            System.arraycopy(flat, at, g.data(), g.offset(), g.numel());
            at += g.numel();
        }
    }

    private static Tensor gradient(Variable p, int index) {
        Tensor g = p.grad();
        // NOTE: every replica must send the same number of floats, so a parameter the loss did not reach
        // (gradient null on this replica, maybe not on another) cannot simply be skipped.
        if (g == null) throw new IllegalStateException("data-parallel training: parameter " + index + " got no gradient; every trainable parameter must take part in the loss (freeze it otherwise)");
        if (!g.isContiguous()) throw new IllegalStateException("data-parallel training: the gradient of parameter " + index + " is not contiguous");
        return g;
    }
}

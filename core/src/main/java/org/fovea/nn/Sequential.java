package org.fovea.nn;

import java.util.List;
import org.fovea.autograd.Variable;

/** Modules applied one after another; submodules are named "0", "1", … as in PyTorch. */
public class Sequential extends Module {
    private final List<Module> layers;

    public Sequential(Module... layers) { this(List.of(layers)); }

    public Sequential(List<Module> layers) {
        this.layers = List.copyOf(layers);
        for (int i = 0; i < this.layers.size(); i++) registerModule(Integer.toString(i), this.layers.get(i));
    }

    /**
     * The layers in order. Without a graph to record (inference under noGrad), a convolution followed by batch
     * norm in evaluation mode runs as one convolution with the batch norm folded into its weights and bias, and
     * a ReLU right after it rectifies that output in place.
     */
    @Override
    public Variable forward(Variable x) {
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            if (m instanceof Conv2d conv && i + 1 < layers.size() && conv.foldsInto(layers.get(i + 1))) {
                x = conv.forwardFolded(x, (BatchNorm2d) layers.get(++i));
                // a ReLU next works in place: the folded convolution's output is new and nothing else holds it
                if (i + 1 < layers.size() && layers.get(i + 1).getClass() == ReLU.class) {
                    x.data().reluInPlace();
                    i++;
                }
            } else {
                x = m.forward(x);
            }
        }
        return x;
    }

    public Module get(int i) { return layers.get(i); }

    public int size() { return layers.size(); }

    public List<Module> layers() { return layers; }
}

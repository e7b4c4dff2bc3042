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

    @Override
    public Variable forward(Variable x) {
        for (Module m : layers) x = m.forward(x);
        return x;
    }

    public Module get(int i) { return layers.get(i); }

    public int size() { return layers.size(); }

    public List<Module> layers() { return layers; }
}

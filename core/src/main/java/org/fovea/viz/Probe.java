package org.fovea.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.fovea.autograd.Variable;
import org.fovea.data.Normalization;
import org.fovea.nn.Module;
import org.fovea.nn.Sequential;
import org.fovea.nn.Summary;
import org.fovea.tensor.Tensor;

/**
 * A trained classifier under inspection, seen from pixel space: inputs are images in [0, 1] and the input
 * normalisation of its training runs inside the autograd graph, so gradients ∂score/∂pixels (saliency,
 * fooling images, class visualisation) and perturbations of size ε are in the units a person sees.
 *
 * <p>Layers are named by their state-dict path as {@link Summary} lists them ("3", "1.0"); the activations
 * of a named layer come from running a prefix of the {@link Sequential} (recursing into nested Sequentials),
 * so any layer of LeNet-5, VGG, AlexNet or the CIFAR ResNets (each residual block as one layer) can be tapped.
 *
 * <p>Shape: pixels (N, C, H, W) → scores (N, classes); a layer's output (N, …) as the model computes it.
 *
 * @param model the classifier, in evaluation mode
 * @param normalization the normalisation applied to [0, 1] images before the model, or null for none
 * @param inputShape (C, H, W) of the images the model takes
 */
public record Probe(Module model, Normalization normalization, int[] inputShape) {
    public Probe {
        if (inputShape.length != 3) throw new IllegalArgumentException("Probe: input shape must be (C, H, W), got " + inputShape.length + " dims");
        inputShape = inputShape.clone();
        model.eval();
    }

    @Override
    public int[] inputShape() { return inputShape.clone(); }

    /** Class scores (logits) of [0, 1] images; differentiable in the pixels. */
    public Variable scores(Variable pixels) { return model.forward(normalize(pixels)); }

    /** Class scores of a constant batch of [0, 1] images. */
    public Tensor scores(Tensor pixels) { return scores(Variable.of(pixels)).data(); }

    /**
     * The gradient of a scalar objective with respect to the pixels, and the objective's value. The model's
     * parameters are frozen during the pass (so no weight gradients pile up) and restored afterwards.
     *
     * <p>Shape: pixels (N, C, H, W) → gradient (N, C, H, W).
     */
    public Gradient inputGradient(Tensor pixels, Function<Variable, Variable> objective) {
        List<Variable> params = model.parameters();
        boolean[] was = new boolean[params.size()];
        for (int i = 0; i < was.length; i++) {
            was[i] = params.get(i).requiresGrad();
            params.get(i).requiresGrad(false);
        }
        try {
            Variable x = Variable.param(pixels.contiguous().copy());
            Variable value = objective.apply(x);
            if (value.numel() != 1) throw new IllegalArgumentException("inputGradient: the objective must be a scalar, got shape " + Arrays.toString(value.shape()));
            value.backward();
            return new Gradient(value.item(), x.grad() == null ? Tensor.zerosLike(pixels) : x.grad());
        } finally {
            for (int i = 0; i < was.length; i++) params.get(i).requiresGrad(was[i]);
        }
    }

    /** An objective's value and its gradient with respect to the pixels. */
    public record Gradient(float value, Tensor grad) {}

    /** (x − mean) / std as graph ops, so gradients flow back to the pixels. */
    public Variable normalize(Variable pixels) {
        if (normalization == null) return pixels;
        int[] s = normalization.shape();
        Variable mean = Variable.of(Tensor.wrap(normalization.mean().clone(), s));
        Variable std = Variable.of(Tensor.wrap(normalization.std().clone(), s));
        return pixels.sub(mean).div(std);
    }

    /** Output of the named layer for [0, 1] images (its activations); differentiable in the pixels. */
    public Variable activations(Variable pixels, String layer) {
        Variable x = normalize(pixels);
        Module m = model;
        String[] path = layer.split("\\.");
        for (int depth = 0; depth < path.length; depth++) {
            if (!(m instanceof Sequential seq)) {
                throw new IllegalArgumentException("layer \"" + layer + "\": " + String.join(".", Arrays.copyOf(path, depth))
                        + " is a " + m.getClass().getSimpleName() + ", not a Sequential; known layers: " + String.join(", ", layerNames()));
            }
            int index = indexOf(seq, path[depth], layer);
            for (int i = 0; i < index; i++) x = seq.get(i).forward(x);
            m = seq.get(index);
        }
        return m.forward(x);
    }

    /** Output of the named layer for a constant batch of [0, 1] images. */
    public Tensor activations(Tensor pixels, String layer) { return activations(Variable.of(pixels), layer).data(); }

    /** Names of the layers that {@link #activations} can tap, in execution order. */
    public List<String> layerNames() {
        List<String> names = new ArrayList<>();
        for (Summary.Layer l : summary().layers()) names.add(l.name());
        return names;
    }

    /** The model's per-layer table for one input image. */
    public Summary summary() { return Summary.of(model, inputShape); }

    /**
     * The last hidden layer: the input of the final layer, i.e. the features a linear classifier reads
     * (LeNet-5: the 84 ReLU outputs; the ResNets: the pooled, flattened 64 features).
     */
    public String lastHiddenLayer() {
        List<String> names = layerNames();
        if (names.size() < 2) throw new IllegalArgumentException("the model has no hidden layer (only " + names + ")");
        return names.get(names.size() - 2);
    }

    /** The first layer that holds a 4-D weight (a convolution), whose filters look at pixels directly. */
    public String firstConvLayer() {
        for (var e : model.namedParameters().entrySet()) {
            if (e.getKey().endsWith(".weight") && e.getValue().dim() == 4) return e.getKey().substring(0, e.getKey().length() - ".weight".length());
        }
        throw new IllegalArgumentException("the model has no convolution layer");
    }

    private int indexOf(Sequential seq, String part, String layer) {
        try {
            int i = Integer.parseInt(part);
            if (i >= 0 && i < seq.size()) return i;
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("unknown layer \"" + layer + "\"; known layers: " + String.join(", ", layerNames()));
    }
}

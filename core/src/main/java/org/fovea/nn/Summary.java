package org.fovea.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fovea.autograd.GradMode;
import org.fovea.autograd.Variable;
import org.fovea.tensor.Tensor;

/**
 * A per-layer table of a model, as torchsummary prints it and as CS231n lecture 9 tallies VGG: each layer's
 * output shape, parameter count, activation memory and multiply-accumulates for one image.
 *
 * <p>The walk runs a zero batch of one image through a {@link Sequential}'s layers in turn (in evaluation
 * mode, without recording gradients), recursing into nested Sequentials; any other module, containers such
 * as {@link Residual} and {@link Concat} included, is one row. Rows are named by their state-dict path
 * ("0", "features.3"). MACs count the multiply-accumulates of Conv2d (output elements × C_in/groups · R · S)
 * and Linear (output elements × in); Residual and Concat sum those of their branches, which all see the
 * container's input; every other layer counts 0 (their additions and comparisons are not MACs).
 *
 * <p>Shape: input is one image without the batch dimension, e.g. (C, H, W); output shapes likewise.
 *
 * @param input the shape of one input, without the batch dimension
 * @param layers one row per leaf layer, in execution order
 * @param parameters the model's scalar parameters (shared ones counted once)
 */
public record Summary(int[] input, List<Layer> layers, long parameters) {
    /** Bytes of one float32 activation. */
    public static final int BYTES_PER_ELEMENT = Float.BYTES;

    /**
     * One row.
     *
     * @param name state-dict path of the layer ("3", "features.0")
     * @param type the layer's class, e.g. "Conv2d"
     * @param outputShape the output of one image, without the batch dimension
     * @param params scalar parameters of the layer
     * @param activations bytes of the layer's output for one image (float32)
     * @param macs multiply-accumulates for one image
     */
    public record Layer(String name, String type, int[] outputShape, long params, long activations, long macs) {
        public Layer {
            outputShape = outputShape.clone();
        }

        @Override
        public int[] outputShape() { return outputShape.clone(); }
    }

    public Summary {
        input = input.clone();
        layers = List.copyOf(layers);
    }

    @Override
    public int[] input() { return input.clone(); }

    /** Runs the walk; a layer that rejects its input is an IllegalArgumentException naming the layer. */
    public static Summary of(Module model, int... input) {
        int[] batch = new int[input.length + 1];
        batch[0] = 1;
        System.arraycopy(input, 0, batch, 1, input.length);
        List<Layer> rows = new ArrayList<>();
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var scope = GradMode.noGrad()) {
            Variable x = Variable.of(Tensor.zeros(batch));
            if (model instanceof Sequential s) walk("", s, x, rows);
            else row(model.getClass().getSimpleName(), model, x, rows);
        } finally {
            model.train(wasTraining);
        }
        return new Summary(input, rows, model.parameterCount());
    }

    /** Sums of the columns: parameters of the whole model, activation bytes and MACs of all rows. */
    public Layer total() {
        long activations = 0;
        long macs = 0;
        for (Layer l : layers) {
            activations += l.activations();
            macs += l.macs();
        }
        int[] out = layers.isEmpty() ? input : layers.get(layers.size() - 1).outputShape();
        return new Layer("total", "", out, parameters, activations, macs);
    }

    private static Variable walk(String prefix, Sequential s, Variable x, List<Layer> rows) {
        for (int i = 0; i < s.size(); i++) {
            String name = prefix.isEmpty() ? Integer.toString(i) : prefix + "." + i;
            x = s.get(i) instanceof Sequential inner ? walk(name, inner, x, rows) : row(name, s.get(i), x, rows);
        }
        return x;
    }

    private static Variable row(String name, Module layer, Variable x, List<Layer> rows) {
        Variable y = forward(name, layer, x);
        int[] shape = y.shape();
        rows.add(new Layer(name, layer.getClass().getSimpleName(), Arrays.copyOfRange(shape, 1, shape.length),
                layer.parameterCount(), (long) y.numel() * BYTES_PER_ELEMENT, macs(name, layer, x, y)));
        return y;
    }

    /** Multiply-accumulates of layer mapping x to y (see the class comment). */
    private static long macs(String name, Module layer, Variable x, Variable y) {
        if (layer instanceof Conv2d c) {
            Variable w = c.weight(); // (out, in / groups, R, S)
            return (long) y.numel() * (w.numel() / w.size(0));
        }
        if (layer instanceof Linear l) return (long) y.numel() * l.weight().size(1);
        if (layer instanceof Sequential s) {
            long sum = 0;
            for (int i = 0; i < s.size(); i++) {
                Variable out = forward(name + "." + i, s.get(i), x);
                sum += macs(name + "." + i, s.get(i), x, out);
                x = out;
            }
            return sum;
        }
        if (layer instanceof Residual || layer instanceof Concat) {
            long sum = 0;
            for (var child : layer.children().entrySet()) {
                String childName = name + "." + child.getKey();
                sum += macs(childName, child.getValue(), x, forward(childName, child.getValue(), x));
            }
            return sum;
        }
        return 0;
    }

    private static Variable forward(String name, Module layer, Variable x) {
        try {
            return layer.forward(x);
        } catch (IllegalArgumentException e) {
            int[] s = x.shape();
            throw new IllegalArgumentException("layer " + name + " (" + layer.getClass().getSimpleName() + ") rejects its input "
                    + Arrays.toString(Arrays.copyOfRange(s, 1, s.length)) + ": " + e.getMessage(), e);
        }
    }
}

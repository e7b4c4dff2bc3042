package org.fovea.tensor;

import java.util.Locale;

/** PyTorch-like printing: {@code tensor([[1.0000, 2.5000], ...])}, summarised with "..." past 1000 elements. */
final class TensorFormat {
    private static final int SUMMARY_THRESHOLD = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {}

    static String format(Tensor t) {
        float[] v = t.toArray();
        boolean summarise = v.length > SUMMARY_THRESHOLD;
        boolean integral = true;
        double maxAbs = 0;
        double minAbs = Double.MAX_VALUE;
        for (float x : v) {
            if (!Float.isFinite(x)) continue;
            if (x != Math.rint(x)) integral = false;
            maxAbs = Math.max(maxAbs, Math.abs(x));
            if (x != 0) minAbs = Math.min(minAbs, Math.abs(x));
        }
        boolean sci = !integral && (maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs != Double.MAX_VALUE) || maxAbs / minAbs > 1e3 && maxAbs >= 1e4);
        int width = 0;
        for (float x : v) width = Math.max(width, number(x, integral, sci).length());
        StringBuilder sb = new StringBuilder("tensor(");
        if (t.dim() == 0) {
            sb.append(number(v[0], integral, sci));
        } else {
            append(sb, t.shape(), v, 0, 0, "tensor(".length(), width, integral, sci, summarise);
        }
        if (summarise) sb.append(", shape=").append(Shape.format(t.shape()));
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, int[] shape, float[] v, int dim, int start, int indent,
                               int width, boolean integral, boolean sci, boolean summarise) {
        int n = shape[dim];
        int block = 1;
        for (int i = dim + 1; i < shape.length; i++) block *= shape[i];
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarise && n > 2 * EDGE && i == EDGE) {
                sb.append(dim == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + dim + 1));
                i = n - EDGE;
            }
            if (dim == shape.length - 1) {
                String s = number(v[start + i], integral, sci);
                sb.append(" ".repeat(width - s.length())).append(s);
            } else {
                append(sb, shape, v, dim + 1, start + i * block, indent, width, integral, sci, summarise);
            }
            if (i < n - 1) {
                sb.append(',');
                if (dim == shape.length - 1) sb.append(' ');
                else sb.append("\n".repeat(shape.length - dim - 1)).append(" ".repeat(indent + dim + 1));
            }
        }
        sb.append(']');
    }

    private static String number(float x, boolean integral, boolean sci) {
        if (Float.isNaN(x)) return "nan";
        if (Float.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (integral) return String.format(Locale.ROOT, "%.0f.", x);
        return String.format(Locale.ROOT, sci ? "%.4e" : "%.4f", x);
    }
}

package org.fovea.nn;

import org.fovea.autograd.Variable;

/**
 * Average pooling to a fixed output size, window i covering rows ⌊i·H/out⌋ … ⌈(i+1)·H/out⌉ (as PyTorch).
 * Output 1×1 is global average pooling. Shape: (N, C, H, W) → (N, C, outH, outW).
 */
public class AdaptiveAvgPool2d extends Module {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int size) { this(size, size); }

    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1) throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be positive, got " + outH + "x" + outW);
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Variable forward(Variable x) {
        if (x.dim() != 4) throw new IllegalArgumentException("AdaptiveAvgPool2d: expects (N, C, H, W), got " + java.util.Arrays.toString(x.shape()));
        int h = x.size(2);
        int w = x.size(3);
        if (outH == 1 && outW == 1) return x.mean(new int[] {2, 3}, true);
        if (h % outH == 0 && w % outW == 0) {
            return Functional.avgPool2d("AdaptiveAvgPool2d", x, new int[] {h / outH, w / outW}, new int[] {h / outH, w / outW},
                    new int[] {0, 0}, false, true);
        }
        Variable[] rows = new Variable[outH];
        for (int i = 0; i < outH; i++) {
            int y0 = i * h / outH;
            int y1 = Math.ceilDiv((i + 1) * h, outH);
            Variable[] cols = new Variable[outW];
            for (int j = 0; j < outW; j++) {
                int x0 = j * w / outW;
                int x1 = Math.ceilDiv((j + 1) * w, outW);
                cols[j] = x.narrow(2, y0, y1 - y0).narrow(3, x0, x1 - x0).mean(new int[] {2, 3}, true);
            }
            rows[i] = Variable.concat(3, cols);
        }
        return Variable.concat(2, rows);
    }

    @Override
    protected String extraRepr() { return "output=" + outH + "x" + outW; }

    /** The output size {height, width}. */
    public int[] outputSize() { return new int[] {outH, outW}; }
}

package org.fovea.tensor;

import java.util.Arrays;
import org.fovea.kernel.Sgemm;

/**
 * Matrix products on tensors: 2-D (m, k) @ (k, n) and batched (..., m, k) @ (..., k, n) with the batch
 * dimensions broadcast, as torch.matmul. Transposed views are passed to SGEMM as transpose flags, not copied.
 */
final class MatMul {
    private MatMul() {}

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least 1 dimension, got "
                    + Shape.format(a.shape()) + " and " + Shape.format(b.shape()));
        }
        if (a.dim() == 1 && b.dim() == 1) return matmul(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        if (a.dim() == 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
        if (b.dim() == 1) return matmul(a, b.unsqueeze(1)).squeeze(-1);
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        if (b.size(-2) != k) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.format(a.shape()) + " and "
                    + Shape.format(b.shape()) + " do not match (" + k + " columns vs " + b.size(-2) + " rows)");
        }
        int[] batchA = Arrays.copyOf(a.shape(), a.dim() - 2);
        int[] batchB = Arrays.copyOf(b.shape(), b.dim() - 2);
        int[] batch = Shape.broadcast("matmul", batchA, batchB);
        int nb = Shape.numel(batch);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        float[] out = new float[Shape.numel(outShape)];
        Tensor ea = a.expand(concat(batch, m, k));
        Tensor eb = b.expand(concat(batch, k, n));
        int[] idx = new int[batch.length];
        for (int i = 0; i < nb; i++) {
            gemm(ea.select(idx), eb.select(idx), out, i * m * n);
            for (int d = batch.length - 1; d >= 0; d--) {
                if (++idx[d] < batch[d]) break;
                idx[d] = 0;
            }
        }
        return Tensor.wrap(out, outShape);
    }

    /** out[off..] = a @ b for 2-D views a (m, k) and b (k, n). */
    private static void gemm(Tensor a, Tensor b, float[] out, int off) {
        int m = a.size(0);
        int k = a.size(1);
        int n = b.size(1);
        if (m == 0 || n == 0) return;
        Operand ga = Operand.of(a);
        Operand gb = Operand.of(b);
        Sgemm.sgemm(ga.transposed, gb.transposed, m, n, k, 1f, ga.t.data(), ga.t.offset(), ga.ld,
                gb.t.data(), gb.t.offset(), gb.ld, 0f, out, off, n);
    }

    /**
     * A 2-D view as SGEMM reads it: row-major with leading dimension ld, or the transpose of a row-major
     * matrix (a transposed view, read in place), else a contiguous copy. Strides of size-1 dims don't matter.
     */
    private record Operand(Tensor t, boolean transposed, int ld) {
        static Operand of(Tensor x) {
            int rows = x.size(0);
            int cols = x.size(1);
            if ((cols == 1 || x.stride(1) == 1) && (rows == 1 || x.stride(0) >= cols)) {
                return new Operand(x, false, rows == 1 ? Math.max(cols, 1) : x.stride(0));
            }
            if ((rows == 1 || x.stride(0) == 1) && (cols == 1 || x.stride(1) >= rows)) {
                return new Operand(x, true, cols == 1 ? Math.max(rows, 1) : x.stride(1));
            }
            return new Operand(x.contiguous(), false, Math.max(cols, 1));
        }
    }

    private static int[] concat(int[] batch, int r, int c) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }
}

package org.fovea.tensor;

/**
 * Walks an N-d index space over up to two strided operands and a contiguous output, handing the
 * innermost run to a kernel. Adjacent dimensions that are contiguous in every operand are merged first,
 * so same-shape contiguous tensors become one long run and the kernel can use the Vector API.
 */
final class StridedLoop {
    /** One innermost run: len elements starting at the given offsets, stepping by the given strides. */
    interface Run {
        void run(int offA, int strideA, int offB, int strideB, int offOut, int len);
    }

    private StridedLoop() {}

    static void forEach(int[] shape, int[] sa, int offA, int[] sb, int offB, Run run) {
        int n = shape.length;
        if (n == 0) {
            run.run(offA, 0, offB, 0, 0, 1);
            return;
        }
        // Merge dims i and i+1 when both operands step through them as one (the output is contiguous).
        int[] dims = new int[n];
        int[] strideA = new int[n];
        int[] strideB = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (shape[i] == 1 && n > 1) continue; // size-1 dims never move the index
            if (m > 0 && sa[i] * shape[i] == strideA[m - 1] && sb[i] * shape[i] == strideB[m - 1]) {
                dims[m - 1] *= shape[i];
                strideA[m - 1] = sa[i];
                strideB[m - 1] = sb[i];
            } else {
                dims[m] = shape[i];
                strideA[m] = sa[i];
                strideB[m] = sb[i];
                m++;
            }
        }
        if (m == 0) { // every dim had size 1
            run.run(offA, 0, offB, 0, 0, 1);
            return;
        }
        int total = 1;
        for (int i = 0; i < m; i++) total *= dims[i];
        if (total == 0) return;
        int inner = dims[m - 1];
        int[] idx = new int[m];
        int a = offA;
        int b = offB;
        for (int out = 0; out < total; out += inner) {
            run.run(a, strideA[m - 1], b, strideB[m - 1], out, inner);
            // odometer over the outer dims
            for (int d = m - 2; d >= 0; d--) {
                idx[d]++;
                a += strideA[d];
                b += strideB[d];
                if (idx[d] < dims[d]) break;
                a -= strideA[d] * dims[d];
                b -= strideB[d] * dims[d];
                idx[d] = 0;
            }
        }
    }
}

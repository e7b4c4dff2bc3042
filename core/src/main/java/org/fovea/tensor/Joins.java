package org.fovea.tensor;

/** Joining and indexing: concat, stack, gather / scatter-add, index-select / index-add. */
final class Joins {
    private Joins() {}

    static Tensor concat(int dim, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat: needs at least one tensor");
        Tensor first = parts[0];
        int d = Shape.dim("concat", dim, first.dim());
        int total = 0;
        for (Tensor p : parts) {
            if (p.dim() != first.dim()) {
                throw new IllegalArgumentException("concat: shapes " + Shape.format(first.shape()) + " and "
                        + Shape.format(p.shape()) + " have different ranks");
            }
            for (int i = 0; i < first.dim(); i++) {
                if (i != d && p.size(i) != first.size(i)) {
                    throw new IllegalArgumentException("concat: shapes " + Shape.format(first.shape()) + " and "
                            + Shape.format(p.shape()) + " differ in dimension " + i + " (only dimension " + d + " may differ)");
                }
            }
            total += p.size(d);
        }
        int[] shape = first.shape();
        shape[d] = total;
        Tensor out = Tensor.zeros(shape);
        int at = 0;
        for (Tensor p : parts) {
            out.narrow(d, at, p.size(d)).copyFrom(p);
            at += p.size(d);
        }
        return out;
    }

    static Tensor stack(int dim, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("stack: needs at least one tensor");
        int d = Shape.dim("stack", dim, parts[0].dim() + 1);
        Tensor[] expanded = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!java.util.Arrays.equals(parts[i].shape(), parts[0].shape())) {
                throw new IllegalArgumentException("stack: shapes " + Shape.format(parts[0].shape()) + " and "
                        + Shape.format(parts[i].shape()) + " differ; stack needs equal shapes");
            }
            expanded[i] = parts[i].unsqueeze(d);
        }
        return concat(d, expanded);
    }

    /** Checks that an index tensor holds integers in [0, size) and returns them. */
    private static int[] indices(String op, Tensor index, int size) {
        float[] v = index.contiguous().toArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            int k = (int) v[i];
            if (k != v[i] || k < 0 || k >= size) {
                throw new IllegalArgumentException(op + ": index " + v[i] + " is not an integer in [0, " + size + ")");
            }
            out[i] = k;
        }
        return out;
    }

    /** out[..., i, ...] = x[..., index[..., i, ...], ...] along dim; index has the output's shape. */
    static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = Shape.dim("gather", dim, x.dim());
        checkIndexShape("gather", x, d, index);
        int[] idx = indices("gather", index, x.size(d));
        int[] shape = index.shape();
        float[] out = new float[idx.length];
        float[] src = x.data();
        int[] pos = new int[shape.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = src[offsetOf(x, pos, d, idx[i])];
            next(pos, shape);
        }
        return Tensor.wrap(out, shape);
    }

    /** The adjoint of gather: a tensor of {@code shape} with src added at the gathered positions. */
    static Tensor scatterAdd(int[] shape, int dim, Tensor index, Tensor src) {
        Tensor out = Tensor.zeros(shape);
        int d = Shape.dim("scatterAdd", dim, shape.length);
        checkIndexShape("scatterAdd", out, d, index);
        int[] idx = indices("scatterAdd", index, shape[d]);
        float[] values = src.contiguous().toArray();
        float[] dst = out.data();
        int[] pos = new int[index.dim()];
        for (int i = 0; i < idx.length; i++) {
            dst[offsetOf(out, pos, d, idx[i])] += values[i];
            next(pos, index.shape());
        }
        return out;
    }

    static Tensor indexSelect(Tensor x, int dim, int[] indices) {
        int d = Shape.dim("indexSelect", dim, x.dim());
        int[] shape = x.shape();
        shape[d] = indices.length;
        Tensor out = Tensor.zeros(shape);
        for (int i = 0; i < indices.length; i++) {
            checkRange("indexSelect", indices[i], x.size(d));
            out.narrow(d, i, 1).copyFrom(x.narrow(d, indices[i], 1));
        }
        return out;
    }

    /** The adjoint of indexSelect: slices of src added into a zero tensor of {@code shape} at the indices. */
    static Tensor indexAdd(int[] shape, int dim, int[] indices, Tensor src) {
        Tensor out = Tensor.zeros(shape);
        int d = Shape.dim("indexAdd", dim, shape.length);
        for (int i = 0; i < indices.length; i++) {
            checkRange("indexAdd", indices[i], shape[d]);
            out.narrow(d, indices[i], 1).addInPlace(src.narrow(d, i, 1));
        }
        return out;
    }

    private static void checkRange(String op, int i, int size) {
        if (i < 0 || i >= size) throw new IllegalArgumentException(op + ": index " + i + " out of range [0, " + size + ")");
    }

    private static void checkIndexShape(String op, Tensor x, int d, Tensor index) {
        boolean ok = index.dim() == x.dim();
        for (int i = 0; ok && i < x.dim(); i++) ok = i == d || index.size(i) <= x.size(i);
        if (!ok) {
            throw new IllegalArgumentException(op + ": index of shape " + Shape.format(index.shape())
                    + " does not fit input of shape " + Shape.format(x.shape()) + " along dimension " + d);
        }
    }

    private static int offsetOf(Tensor x, int[] pos, int dim, int indexAlongDim) {
        int off = x.offset();
        for (int i = 0; i < pos.length; i++) off += (i == dim ? indexAlongDim : pos[i]) * x.stride(i);
        return off;
    }

    private static void next(int[] pos, int[] shape) {
        for (int i = pos.length - 1; i >= 0; i--) {
            if (++pos[i] < shape[i]) return;
            pos[i] = 0;
        }
    }
}

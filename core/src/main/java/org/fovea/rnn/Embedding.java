package org.fovea.rnn;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.fovea.autograd.Variable;
import org.fovea.init.Init;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;

/**
 * A lookup table of learned vectors (torch.nn.Embedding): row k of the weight is the vector of token k.
 * The backward adds each position's gradient into its token's row (index_add). Initialised from N(0, 1),
 * as PyTorch. Shape: indices (N, T) (any shape) holding integers in [0, numEmbeddings) → (N, T, D);
 * weight (numEmbeddings, D).
 */
public class Embedding extends Module {
    private final int numEmbeddings;
    private final int embeddingDim;
    private final Variable weight;

    public Embedding(int numEmbeddings, int embeddingDim, RandomGenerator rng) {
        if (numEmbeddings < 1 || embeddingDim < 1) {
            throw new IllegalArgumentException("Embedding: numEmbeddings and embeddingDim must be positive, got "
                    + numEmbeddings + ", " + embeddingDim);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.weight = registerParameter("weight", Init.normal(Tensor.zeros(numEmbeddings, embeddingDim), 0, 1, rng));
    }

    /** Looks up the indices held (as whole numbers) by x; no gradient flows to x. */
    @Override
    public Variable forward(Variable x) {
        float[] v = x.data().contiguous().toArray();
        int[] idx = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException(this + ": index " + v[i] + " at position " + i + " of input shape "
                        + Arrays.toString(x.shape()) + " is not an integer");
            }
            idx[i] = (int) v[i];
        }
        return lookup(idx, x.shape());
    }

    /** Shape: (N, T) → (N, T, D). */
    public Variable forward(int[][] indices) {
        int n = indices.length;
        int t = n == 0 ? 0 : indices[0].length;
        int[] idx = new int[n * t];
        for (int i = 0; i < n; i++) {
            if (indices[i].length != t) {
                throw new IllegalArgumentException(this + ": ragged indices, row " + i + " has " + indices[i].length + " entries, row 0 has " + t);
            }
            System.arraycopy(indices[i], 0, idx, i * t, t);
        }
        return lookup(idx, new int[] {n, t});
    }

    private Variable lookup(int[] idx, int[] shape) {
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= numEmbeddings) {
                throw new IllegalArgumentException(this + ": index " + idx[i] + " at position " + i + " of input shape "
                        + Arrays.toString(shape) + " is outside [0, " + numEmbeddings + ")");
            }
        }
        int[] out = Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = embeddingDim;
        return embedding(weight, idx).reshape(out);
    }

    /** The functional form: rows {@code indices} of weight (unchecked beyond the range check of indexSelect). Shape: (len, D). */
    public static Variable embedding(Variable weight, int... indices) { return weight.indexSelect(0, indices); }

    public Variable weight() { return weight; }
    public int numEmbeddings() { return numEmbeddings; }
    public int embeddingDim() { return embeddingDim; }

    @Override
    protected String extraRepr() { return numEmbeddings + ", " + embeddingDim; }
}

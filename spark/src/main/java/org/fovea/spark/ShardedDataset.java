package org.fovea.spark;

import java.util.List;
import org.fovea.data.Batch;
import org.fovea.data.Dataset;
import org.fovea.data.Sample;

/**
 * One task's share of an epoch: global batch b holds items order[b·N·B .. (b + 1)·N·B), and rank r takes
 * the r-th B of them. Read in order with batch size B, this view gives task r its part of every global
 * batch, so the N tasks together see exactly what one process with batch N·B sees. Only whole global
 * batches are kept (every task must take the same number of steps).
 */
final class ShardedDataset implements Dataset {
    private final Dataset base;
    private final int[] indices;

    ShardedDataset(Dataset base, int[] order, int rank, int tasks, int batchPerTask) {
        int global = tasks * batchPerTask;
        int batches = order.length / global;
        this.base = base;
        this.indices = new int[batches * batchPerTask];
        for (int b = 0; b < batches; b++) System.arraycopy(order, b * global + rank * batchPerTask, indices, b * batchPerTask, batchPerTask);
    }

    @Override public int size() { return indices.length; }
    @Override public Sample get(int i) { return base.get(indices[i]); }
    @Override public int label(int i) { return base.label(indices[i]); }
    @Override public List<String> classes() { return base.classes(); }
    @Override public int[] imageShape() { return base.imageShape(); }

    @Override
    public Batch batch(int[] which) {
        int[] mapped = new int[which.length];
        for (int i = 0; i < which.length; i++) mapped[i] = indices[which[i]];
        return base.batch(mapped);
    }
}

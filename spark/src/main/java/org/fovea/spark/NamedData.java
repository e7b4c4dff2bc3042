package org.fovea.spark;

import java.nio.file.Path;
import org.fovea.data.DataSets;
import org.fovea.data.Dataset;
import org.fovea.data.Splits;
import org.fovea.data.Subset;

/**
 * Training data by name, as {@code fovea train --data} spells it (fashion-mnist, mnist, cifar10, folder:PATH,
 * a directory of IDX files), loaded on each executor: the first {@code limit} training images (0 = all),
 * less a validation fraction held out with the seed. {@link #validation()} gives the held-out part on the
 * driver. A path must exist on every executor (a shared or copied directory).
 */
public record NamedData(String name, String dataDir, int limit, double valSplit, long seed) implements Recipe.DataFactory {
    @Override
    public Dataset load() {
        return split().train();
    }

    /** The held-out validation images (null when valSplit is 0). */
    public Dataset validation() {
        return valSplit > 0 ? split().validation() : null;
    }

    private Splits.Split split() {
        Dataset train = DataSets.resolve(name, dataDir == null ? null : Path.of(dataDir)).train();
        if (limit > 0 && limit < train.size()) {
            int[] first = new int[limit];
            for (int i = 0; i < limit; i++) first[i] = i;
            train = new Subset(train, first);
        }
        if (valSplit <= 0) return new Splits.Split(train, null);
        return Splits.trainValidation(train, valSplit, seed);
    }

    @Override
    public String cacheKey() { return toString(); }
}

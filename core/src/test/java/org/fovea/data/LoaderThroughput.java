package org.fovea.data;

import java.util.Arrays;

/**
 * Throughput of loading plus augmentation: Fashion-MNIST (the full set when installed, else the embedded
 * subset) in batches of 64 through a random horizontal flip and a 28×28 crop of the image padded by 4, on
 * the calling thread only (prefetch 0), so the figure is for one core. Prints the median of several epochs.
 *
 * <p>Run: {@code taskset -c 0 java -cp core/target/classes:core/target/test-classes org.fovea.data.LoaderThroughput [runs]}
 */
public final class LoaderThroughput {
    private LoaderThroughput() {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        DataSource source = DataSets.resolve("fashion-mnist", null);
        ImageDataset train = source.train();
        System.err.println("data: " + source.description());
        Transform augment = new HorizontalFlip().andThen(new RandomCrop(28, 28, 4));
        DataLoader loader = new DataLoader(train, 64, 1, new DataLoader.Options(true, false, augment, 0));
        double checksum = 0;
        for (int warm = 0; warm < 2; warm++) checksum += epoch(loader, -1 - warm);
        double[] rates = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            checksum += epoch(loader, r);
            rates[r] = train.size() / ((System.nanoTime() - t0) / 1e9);
        }
        Arrays.sort(rates);
        System.err.printf("runs (sorted): %s  (checksum %.1f)%n", Arrays.toString(Arrays.stream(rates).map(Math::rint).toArray()), checksum);
        System.out.printf("{\"name\":\"loader_flip_crop_fashion_mnist_b64\",\"value\":%.0f,\"unit\":\"images/s\"}%n", rates[runs / 2]);
    }

    private static double epoch(DataLoader loader, int epoch) {
        double sum = 0;
        try (DataLoader.Epoch e = loader.epoch(epoch)) {
            while (e.hasNext()) sum += e.next().images().data()[7];
        }
        return sum;
    }
}

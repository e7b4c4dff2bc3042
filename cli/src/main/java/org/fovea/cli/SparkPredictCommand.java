package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fovea.spark.BatchInference;
import org.fovea.spark.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea spark predict}: the top class and its probability (or, with --features, the last hidden
 * layer's activations) for every image file under a path, computed on the executors and written as Parquet.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Batch predictions or feature vectors of image files on Spark, to Parquet.")
final class SparkPredictCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--checkpoint", required = true, description = "A checkpoint of fovea train or fovea spark train (read on the driver).") Path checkpoint;
    @Option(names = "--images", required = true, description = "Image files: a directory (searched recursively), a glob or any path Spark reads (hdfs:, s3a:).") String images;
    @Option(names = "--out", required = true, description = "Output Parquet directory.") String out;
    @Option(names = "--features", description = "Write the last hidden layer's activations instead of predictions.") boolean features;
    @Option(names = "--batch", description = "Images per forward pass (default ${DEFAULT-VALUE}).", defaultValue = "64") int batch;
    @Option(names = "--partitions", description = "Spread the files over this many partitions (default: as Spark reads them).") Integer partitions;
    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*]).") String master;
    @Option(names = "--overwrite", description = "Replace --out if it exists.") boolean overwrite;

    @Override
    public Integer call() throws IOException {
        CheckpointModels.Loaded ckpt = CheckpointModels.load(checkpoint);
        if (!images.contains(":") && !images.contains("*") && !Files.exists(Path.of(images))) {
            throw new IllegalArgumentException("--images " + images + " does not exist");
        }
        var model = BatchInference.Model.of(Recipe.ModelFactory.zoo(ckpt.name(), ckpt.config(), common.seed), ckpt.model(),
                new int[] {ckpt.channels(), ckpt.size(), ckpt.size()}, ckpt.normalization(), ckpt.classNames());
        SparkSession spark = SparkSessions.session(master == null && System.getProperty("spark.master") == null ? "local[*]" : master, 1, "fovea spark predict");
        try {
            long start = System.nanoTime();
            var files = BatchInference.readImages(spark, images);
            if (partitions != null) files = files.repartition(partitions);
            var result = BatchInference.run(spark, files, "path", "content", model,
                    features ? BatchInference.Output.FEATURES : BatchInference.Output.PREDICTIONS, batch);
            result.write().mode(overwrite ? "overwrite" : "errorifexists").parquet(out);
            var written = spark.read().parquet(out);
            long rows = written.count();
            long errors = written.filter("error is not null").count();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (common.json) {
                Json.print(System.out, Json.object("name", "spark_predict", "images", rows, "errors", errors, "output", out,
                        "features", features, "seconds", seconds, "images_per_s", rows / seconds));
            } else {
                System.out.printf(Locale.ROOT, "%d images (%d unreadable) → %s in %.1f s%n", rows, errors, out, seconds);
                for (Row r : written.filter("error is not null").limit(5).collectAsList()) System.err.println("unreadable: " + r.getAs("path") + ": " + r.getAs("error"));
            }
            return 0;
        } finally {
            spark.stop();
        }
    }
}

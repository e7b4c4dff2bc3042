package org.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fovea.autograd.GradMode;
import org.fovea.data.Dataset;
import org.fovea.data.Images;
import org.fovea.data.Normalization;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;
import org.fovea.viz.Probe;
import org.fovea.zoo.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Predictions and features over a folder of PNG files, through Parquet, against the model run locally. */
class BatchInferenceTest {
    @TempDir
    Path dir;

    @Test
    void predictionsAndFeaturesMatchTheLocalModelAndBadFilesBecomeErrorRows() throws Exception {
        Dataset data = new SyntheticData(12, 5).load();
        Path images = Files.createDirectories(dir.resolve("images/sub"));
        for (int i = 0; i < data.size(); i++) Images.writePng(data.get(i).image(), images.resolve("img" + i + ".png"));
        Files.write(images.resolve("broken.png"), new byte[] {1, 2, 3});
        Recipe.ModelFactory factory = () -> Models.create("lenet5", Map.of(), new SplittableRandom(9));
        Module model = factory.create();
        var norm = new Normalization(new int[] {1, 1, 1}, new float[] {0.3f}, new float[] {0.2f});
        var spec = BatchInference.Model.of(factory, model, new int[] {1, 28, 28}, norm, List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
        Probe local = new Probe(model, norm, new int[] {1, 28, 28});

        SparkSession spark = LocalSpark.session();
        var files = BatchInference.readImages(spark, dir.resolve("images").toString()).repartition(2);
        String out = dir.resolve("predictions.parquet").toString();
        BatchInference.run(spark, files, "path", "content", spec, BatchInference.Output.PREDICTIONS, 5).write().parquet(out);
        List<Row> rows = spark.read().parquet(out).collectAsList();
        assertEquals(13, rows.size());
        int checked = 0;
        for (Row r : rows) {
            String path = r.getAs("path");
            if (path.endsWith("broken.png")) {
                assertNotNull(r.getAs("error"));
                assertNull(r.getAs("prediction"));
                continue;
            }
            assertNull(r.getAs("error"));
            float[] p = expectedProbabilities(local, Path.of(java.net.URI.create(path)));
            int best = 0;
            for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
            assertEquals(best, (int) r.<Integer>getAs("prediction"), path);
            assertEquals(p[best], r.<Float>getAs("probability"), 1e-5f, path);
            assertEquals("abcdefghij".substring(best, best + 1), r.getAs("class_name"));
            checked++;
        }
        assertEquals(12, checked);

        String featuresOut = dir.resolve("features.parquet").toString();
        BatchInference.run(spark, files, "path", "content", spec, BatchInference.Output.FEATURES, 4).write().parquet(featuresOut);
        Map<String, List<Float>> features = new HashMap<>();
        for (Row r : spark.read().parquet(featuresOut).collectAsList()) if (r.getAs("error") == null) features.put(r.getAs("path"), r.getList(1));
        assertEquals(12, features.size());
        String any = features.keySet().iterator().next();
        Tensor x = Images.read(Path.of(java.net.URI.create(any)), 1).unsqueeze(0);
        float[] expected;
        try (var scope = GradMode.noGrad()) {
            expected = local.activations(x, local.lastHiddenLayer()).toArray();
        }
        assertEquals(84, features.get(any).size());
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], features.get(any).get(i), 1e-4f);
        assertTrue(features.values().stream().allMatch(f -> f.size() == 84));
    }

    private static float[] expectedProbabilities(Probe probe, Path file) {
        Tensor x = Images.read(file, 1).unsqueeze(0);
        float[] s;
        try (var scope = GradMode.noGrad()) {
            s = probe.scores(x).toArray();
        }
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float v : s) max = Math.max(max, v);
        float[] p = new float[s.length];
        for (int j = 0; j < s.length; j++) sum += Math.exp(s[j] - max);
        for (int j = 0; j < s.length; j++) p[j] = (float) (Math.exp(s[j] - max) / sum);
        return p;
    }
}

package org.fovea.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fovea.autograd.GradMode;
import org.fovea.data.ImageDataset;
import org.fovea.data.ImageOps;
import org.fovea.data.Images;
import org.fovea.data.Normalization;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;
import org.fovea.viz.Probe;

/**
 * Distributed batch inference: the trained model is broadcast once, each partition of a table of images is
 * decoded, resized to the model's input, normalised as in training and run through the model in batches,
 * giving either the top class with its probability or the feature vector of the last hidden layer (the
 * input of k-NN in feature space and of t-SNE). An image that cannot be decoded gives a row with an error,
 * not a failed job.
 *
 * <p>Input: a column of encoded image files (PNG, JPEG, BMP, GIF: {@link #readImages}, Spark's
 * {@code binaryFile} source) or of Spark's {@code image} source structs (BGR bytes, height × width ×
 * channels). Output schemas: {@link #PREDICTIONS} and {@link #FEATURES}.
 */
public final class BatchInference {
    /** What to compute for each image. */
    public enum Output { PREDICTIONS, FEATURES }

    /** path, top class index and name, its probability, all class probabilities, error (null when fine). */
    public static final StructType PREDICTIONS = new StructType()
            .add("path", DataTypes.StringType)
            .add("prediction", DataTypes.IntegerType)
            .add("class_name", DataTypes.StringType)
            .add("probability", DataTypes.FloatType)
            .add("probabilities", DataTypes.createArrayType(DataTypes.FloatType, false))
            .add("error", DataTypes.StringType);

    /** path, the last hidden layer's activations, error (null when fine). */
    public static final StructType FEATURES = new StructType()
            .add("path", DataTypes.StringType)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false))
            .add("error", DataTypes.StringType);

    /**
     * A trained model as the executors rebuild it: factory, weights, input (C, H, W), the training
     * normalisation (mean and std per channel or per pixel, with its shape; null arrays for none) and class names.
     */
    public record Model(Recipe.ModelFactory factory, byte[] weights, int[] input, int[] normShape, float[] mean, float[] std,
                        List<String> classes) implements Serializable {
        public static Model of(Recipe.ModelFactory factory, Module trained, int[] input, Normalization normalization, List<String> classes) {
            byte[] weights = ReplicaState.serialize(new LinkedHashMap<>(ReplicaState.arrays(trained.stateDict())));
            return normalization == null
                    ? new Model(factory, weights, input.clone(), null, null, null, List.copyOf(classes))
                    : new Model(factory, weights, input.clone(), normalization.shape(), normalization.mean(), normalization.std(), List.copyOf(classes));
        }

        Probe probe() {
            Module m = factory.create();
            @SuppressWarnings("unchecked")
            var state = (Map<String, ReplicaState.Array>) ReplicaState.deserialize(weights, Map.class);
            m.loadStateDict(ReplicaState.tensors(state));
            return new Probe(m, mean == null ? null : new Normalization(normShape, mean, std), input);
        }
    }

    private BatchInference() {}

    /** Every image file under path (recursively), as columns path and content (the encoded bytes). */
    public static Dataset<Row> readImages(SparkSession spark, String path) {
        return spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(path).select("path", "content");
    }

    /**
     * Runs the model over images; imageColumn holds encoded files (binary) or image-source structs.
     * Lazy, as every Spark transformation: write the result (e.g. {@code .write().parquet(dir)}) to run it.
     */
    public static Dataset<Row> run(SparkSession spark, Dataset<Row> images, String pathColumn, String imageColumn, Model model,
                                   Output output, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        Broadcast<byte[]> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(ReplicaState.serialize(model));
        JavaRDD<Row> rows = images.select(pathColumn, imageColumn).javaRDD()
                .mapPartitions(part -> new Batches(part, ReplicaState.deserialize(shared.value(), Model.class), output, batchSize));
        return spark.createDataFrame(rows, output == Output.PREDICTIONS ? PREDICTIONS : FEATURES);
    }

    /** Output rows of one partition, computed batch by batch as they are consumed. */
    private static final class Batches implements Iterator<Row> {
        private final Iterator<Row> input;
        private final Model model;
        private final Probe probe;
        private final String featureLayer;
        private final Output output;
        private final int batchSize;
        private final List<Row> ready = new ArrayList<>();
        private int next;

        Batches(Iterator<Row> input, Model model, Output output, int batchSize) {
            this.input = input;
            this.model = model;
            this.probe = model.probe();
            this.featureLayer = output == Output.FEATURES ? probe.lastHiddenLayer() : null;
            this.output = output;
            this.batchSize = batchSize;
        }

        @Override
        public boolean hasNext() {
            if (next < ready.size()) return true;
            ready.clear();
            next = 0;
            while (ready.isEmpty() && input.hasNext()) fill();
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) throw new NoSuchElementException();
            return ready.get(next++);
        }

        private void fill() {
            int c = model.input()[0], h = model.input()[1], w = model.input()[2];
            List<String> paths = new ArrayList<>();
            List<Tensor> decoded = new ArrayList<>();
            while (decoded.size() < batchSize && input.hasNext()) {
                Row row = input.next();
                String path = row.getString(0);
                try {
                    decoded.add(resize(decode(row.get(1), c), h, w));
                    paths.add(path);
                } catch (RuntimeException | IOException e) {
                    ready.add(error(path, e.getMessage() == null ? e.toString() : e.getMessage()));
                }
            }
            if (decoded.isEmpty()) return;
            float[] pixels = new float[decoded.size() * c * h * w];
            for (int i = 0; i < decoded.size(); i++) {
                Tensor t = decoded.get(i).contiguous();
                System.arraycopy(t.data(), t.offset(), pixels, i * c * h * w, c * h * w);
            }
            Tensor batch = Tensor.wrap(pixels, decoded.size(), c, h, w);
            try (var scope = GradMode.noGrad()) {
                if (output == Output.FEATURES) {
                    Tensor f = probe.activations(batch, featureLayer).contiguous();
                    int per = f.numel() / decoded.size();
                    for (int i = 0; i < decoded.size(); i++) {
                        ready.add(RowFactory.create(paths.get(i), boxed(f.data(), f.offset() + i * per, per), null));
                    }
                } else {
                    Tensor scores = probe.scores(batch).contiguous();
                    int k = scores.size(1);
                    for (int i = 0; i < decoded.size(); i++) ready.add(prediction(paths.get(i), softmax(scores.data(), scores.offset() + i * k, k)));
                }
            }
        }

        private Row prediction(String path, float[] p) {
            int best = 0;
            for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
            String name = best < model.classes().size() ? model.classes().get(best) : String.valueOf(best);
            return RowFactory.create(path, best, name, p[best], boxed(p, 0, p.length), null);
        }

        private Row error(String path, String message) {
            return output == Output.FEATURES ? RowFactory.create(path, null, message) : RowFactory.create(path, null, null, null, null, message);
        }
    }

    /** Encoded bytes (binaryFile's content) or an image-source struct to a (C, H, W) tensor in [0, 1]. */
    static Tensor decode(Object value, int channels) throws IOException {
        if (value == null) throw new IllegalArgumentException("no image");
        byte[] pixels;
        int[] hw = new int[2];
        if (value instanceof byte[] encoded) {
            var img = ImageIO.read(new ByteArrayInputStream(encoded));
            if (img == null) throw new IllegalArgumentException("not a PNG, JPEG, BMP or GIF image that javax.imageio can decode");
            pixels = Images.pixels(img, channels, hw);
        } else if (value instanceof Row struct) {
            pixels = fromImageStruct(struct, channels, hw);
        } else {
            throw new IllegalArgumentException("the image column holds " + value.getClass().getSimpleName() + "; expected binary (encoded files) or Spark's image struct");
        }
        float[] out = new float[pixels.length];
        ImageDataset.scaleToUnit(pixels, 0, out, 0, pixels.length);
        return Tensor.wrap(out, channels, hw[0], hw[1]);
    }

    /** Spark's image source: height, width, nChannels, data as B, G, R(, A) interleaved, row by row. */
    private static byte[] fromImageStruct(Row s, int channels, int[] hw) {
        int h = s.getInt(s.fieldIndex("height")), w = s.getInt(s.fieldIndex("width")), n = s.getInt(s.fieldIndex("nChannels"));
        byte[] data = (byte[]) s.get(s.fieldIndex("data"));
        hw[0] = h;
        hw[1] = w;
        byte[] out = new byte[channels * h * w];
        for (int i = 0; i < h * w; i++) {
            int b = data[i * n] & 0xff, g = n >= 3 ? data[i * n + 1] & 0xff : b, r = n >= 3 ? data[i * n + 2] & 0xff : b;
            if (channels == 3) {
                out[i] = (byte) r;
                out[h * w + i] = (byte) g;
                out[2 * h * w + i] = (byte) b;
            } else {
                out[i] = n == 1 ? (byte) b : (byte) Math.round(0.299f * r + 0.587f * g + 0.114f * b);
            }
        }
        return out;
    }

    /** As fovea predict: halve while at least twice the size, then bilinear to exactly h × w. */
    private static Tensor resize(Tensor x, int h, int w) {
        while (x.size(1) >= 2 * h && x.size(2) >= 2 * w) x = ImageOps.resize(x, x.size(1) / 2, x.size(2) / 2);
        return x.size(1) == h && x.size(2) == w ? x : ImageOps.resize(x, h, w);
    }

    private static float[] softmax(float[] s, int off, int k) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) max = Math.max(max, s[off + j]);
        double sum = 0;
        float[] p = new float[k];
        for (int j = 0; j < k; j++) sum += p[j] = (float) Math.exp(s[off + j] - max);
        for (int j = 0; j < k; j++) p[j] = (float) (p[j] / sum);
        return p;
    }

    private static Float[] boxed(float[] a, int off, int n) {
        Float[] out = new Float[n];
        for (int i = 0; i < n; i++) out[i] = a[off + i];
        return out;
    }
}

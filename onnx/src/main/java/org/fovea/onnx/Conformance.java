package org.fovea.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;
import org.fovea.autograd.GradMode;

/**
 * Runs ONNX backend test cases (a directory with model.onnx and test_data_set_N/input_K.pb, output_K.pb, as
 * the ONNX repository and Debian's libonnx-testdata ship them) and compares Fovea's outputs with the expected
 * ones (|a − e| ≤ {@value #ATOL} + {@value #RTOL}·|e|). A case whose model uses an operator Fovea does not
 * import is skipped as not applicable; a case of a supported operator that Fovea knowingly cannot run is
 * listed with its reason in conformance-exclusions.txt and skipped.
 */
public final class Conformance {
    static final double RTOL = 1e-3;
    static final double ATOL = 1e-5;

    public enum Status { PASS, FAIL, SKIP }

    public record Result(String name, Status status, String message) {}

    private static final Map<String, String> EXCLUDED = exclusions();

    private Conformance() {}

    /** The excluded cases of supported operators, with the reason for each. */
    public static Map<String, String> excluded() { return EXCLUDED; }

    private static Map<String, String> exclusions() {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = Conformance.class.getResourceAsStream("conformance-exclusions.txt")) {
            if (in == null) return out;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] parts = line.split("\\s+", 2);
                out.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read conformance-exclusions.txt", e);
        }
        return out;
    }

    /** The case directories under {@code root} (root itself if it holds model.onnx), sorted. */
    public static List<Path> cases(Path root) throws IOException {
        if (Files.isRegularFile(root.resolve("model.onnx"))) return List.of(root);
        try (Stream<Path> s = Files.walk(root, 3)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
        }
    }

    /** Runs every case under {@code root}, printing one line per case and the closing counts. */
    public static List<Result> check(Path root, PrintStream out) throws IOException {
        List<Result> results = new ArrayList<>();
        for (Path dir : cases(root)) {
            Result r = run(dir);
            results.add(r);
            out.println(r.status() + " " + r.name() + (r.message().isEmpty() ? "" : ": " + r.message()));
        }
        out.println(summary(results));
        return results;
    }

    public static String summary(List<Result> results) {
        long pass = results.stream().filter(r -> r.status() == Status.PASS).count();
        long fail = results.stream().filter(r -> r.status() == Status.FAIL).count();
        return pass + " passed, " + fail + " failed, " + (results.size() - pass - fail) + " skipped";
    }

    /** Runs one case directory. */
    public static Result run(Path dir) {
        String name = dir.getFileName().toString();
        String reason = EXCLUDED.get(name);
        if (reason != null) return new Result(name, Status.SKIP, "excluded: " + reason);
        ModelProto proto;
        OnnxModel model;
        try {
            proto = OnnxImporter.parse(Files.readAllBytes(dir.resolve("model.onnx")));
            model = OnnxImporter.load(proto, java.util.random.RandomGenerator.of("L64X128MixRandom"));
        } catch (OnnxUnsupportedException e) {
            return new Result(name, Status.SKIP, "not applicable: " + e.getMessage().replaceAll(" \\(supported: .*", ""));
        } catch (IOException | RuntimeException e) {
            return new Result(name, Status.FAIL, "import: " + e);
        }
        model.eval();
        try (Stream<Path> sets = Files.list(dir)) {
            List<Path> dataSets = sets.filter(p -> p.getFileName().toString().startsWith("test_data_set")).sorted().toList();
            for (Path set : dataSets) {
                String problem = runSet(model, set);
                if (problem != null) return new Result(name, Status.FAIL, set.getFileName() + ": " + problem);
            }
            return new Result(name, Status.PASS, "");
        } catch (OnnxUnsupportedException e) {
            return new Result(name, Status.FAIL, "unsupported: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Result(name, Status.FAIL, e.toString());
        }
    }

    private static String runSet(OnnxModel model, Path set) throws IOException {
        Map<String, Value> inputs = new LinkedHashMap<>();
        for (int i = 0; i < model.inputs().size(); i++) {
            Path f = set.resolve("input_" + i + ".pb");
            if (!Files.exists(f)) return "missing " + f.getFileName();
            inputs.put(model.inputs().get(i).name(), Tensors.read(TensorProto.parseFrom(Files.readAllBytes(f)), f.getFileName().toString()));
        }
        Map<String, Value> outputs;
        try (var scope = GradMode.noGrad()) {
            outputs = model.run(inputs);
        }
        int k = 0;
        for (var e : outputs.entrySet()) {
            Path f = set.resolve("output_" + k++ + ".pb");
            if (!Files.exists(f)) continue;
            Value expected = Tensors.read(TensorProto.parseFrom(Files.readAllBytes(f)), f.getFileName().toString());
            String problem = compare(e.getValue(), expected);
            if (problem != null) return "output '" + e.getKey() + "': " + problem;
        }
        return null;
    }

    /** Null when equal within tolerance, else what differs. */
    static String compare(Value actual, Value expected) {
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return "shape " + Arrays.toString(actual.shape()) + ", expected " + Arrays.toString(expected.shape());
        }
        if (expected instanceof Value.Ints ei) {
            if (!(actual instanceof Value.Ints ai)) return "float data, expected integers";
            return Arrays.equals(ai.data(), ei.data()) ? null : "values differ";
        }
        if (!(actual instanceof Value.Floats af)) return "integer data, expected floats";
        float[] a = af.v().data().contiguous().toArray();
        float[] x = ((Value.Floats) expected).v().data().contiguous().toArray();
        for (int i = 0; i < a.length; i++) {
            boolean same = a[i] == x[i] || (Float.isNaN(a[i]) && Float.isNaN(x[i])) || Math.abs(a[i] - x[i]) <= ATOL + RTOL * Math.abs(x[i]);
            if (!same) return "element " + i + " is " + a[i] + ", expected " + x[i];
        }
        return null;
    }
}

package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fovea.onnx.Conformance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code fovea onnx check DIR}: runs ONNX backend test cases (a case directory, or a tree of them such as
 * /usr/share/libonnx-testdata/data/node) and prints PASS, FAIL or SKIP (with the reason) per case, then
 * "N passed, M failed, K skipped". Exit code 1 when a case failed.
 */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Runs ONNX conformance cases (model.onnx + test_data_set_*) and prints pass/fail per case.")
final class OnnxCheckCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Parameters(paramLabel = "DIR", description = "A case directory or a directory of cases (e.g. /usr/share/libonnx-testdata/data/node).") Path dir;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a directory");
        List<Conformance.Result> results;
        if (common.json) {
            results = new java.util.ArrayList<>();
            for (Path c : Conformance.cases(dir)) {
                Conformance.Result r = Conformance.run(c);
                results.add(r);
                Json.print(System.out, Json.object("name", r.name(), "status", r.status().name().toLowerCase(java.util.Locale.ROOT), "message", r.message()));
            }
            System.err.println(Conformance.summary(results));
        } else {
            results = Conformance.check(dir, System.out);
        }
        return results.stream().anyMatch(r -> r.status() == Conformance.Status.FAIL) ? 1 : 0;
    }
}

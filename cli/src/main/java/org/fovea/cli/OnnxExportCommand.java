package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fovea.onnx.OnnxExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fovea onnx export --checkpoint C --out FILE.onnx}: the checkpoint's model as ONNX (opset 17), batch size free. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Exports a checkpoint's model as ONNX (opset 17).")
final class OnnxExportCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--checkpoint", required = true, description = "Checkpoint written by fovea train or fovea onnx import.") Path checkpoint;
    @Option(names = "--out", required = true, description = "The ONNX file to write.") Path out;

    @Override
    public Integer call() throws IOException {
        CheckpointModels.Loaded ckpt = CheckpointModels.load(checkpoint);
        OnnxExporter.write(ckpt.model(), out, 1, ckpt.channels(), ckpt.size(), ckpt.size());
        if (common.json) {
            Json.print(System.out, Json.object("name", "onnx_export", "checkpoint", checkpoint.toString(), "out", out.toString(), "opset", OnnxExporter.OPSET));
        } else {
            System.out.printf("%s (%s) → %s, opset %d%n", checkpoint, ckpt.name(), out, OnnxExporter.OPSET);
        }
        return 0;
    }
}

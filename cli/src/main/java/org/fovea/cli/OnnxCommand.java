package org.fovea.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fovea onnx import|export|check}: ONNX interchange (see docs/onnx.md). */
@Command(name = "onnx", mixinStandardHelpOptions = true,
        description = "Imports ONNX models as checkpoints, exports checkpoints as ONNX (opset 17), runs ONNX conformance cases.",
        subcommands = {OnnxImportCommand.class, OnnxExportCommand.class, OnnxCheckCommand.class})
public final class OnnxCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: import, export or check");
    }
}

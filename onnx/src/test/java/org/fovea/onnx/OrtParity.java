package org.fovea.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import onnx.Onnx.ModelProto;
import org.fovea.autograd.GradMode;
import org.fovea.nn.Module;
import org.fovea.tensor.Tensor;

/** Runs an exported model in ONNX Runtime and in Fovea and reports the largest absolute difference. */
final class OrtParity {
    private OrtParity() {}

    static float[] ort(ModelProto proto, Tensor x) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(proto.toByteArray(), options);
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.contiguous().toArray()),
                         Arrays.stream(x.shape()).asLongStream().toArray());
                 OrtSession.Result result = session.run(Map.of("input", input))) {
                FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] f = new float[out.remaining()];
                out.get(f);
                return f;
            }
        }
    }

    static float[] fovea(Module model, Tensor x) {
        model.eval();
        try (var scope = GradMode.noGrad()) {
            return model.forward(x).data().contiguous().toArray();
        }
    }

    static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        float m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** Appends a line to target/ort-parity.txt (the figures quoted in the docs). */
    static void record(String line) throws IOException {
        System.out.println(line);
        Files.writeString(Path.of("target", "ort-parity.txt"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}

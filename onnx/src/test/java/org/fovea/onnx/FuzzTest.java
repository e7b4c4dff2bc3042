package org.fovea.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import java.util.Map;
import java.util.SplittableRandom;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.fovea.autograd.GradMode;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Mutated model files (byte-level: flips, overwrites, insertions, deletions, truncations; structural: dims,
 * attribute values, node inputs, op types, initializers removed) are either imported and run, or rejected
 * with an {@link OnnxException}: no other exception, no crash, no huge allocation.
 */
class FuzzTest {
    static final int CASES = 20_000;

    @Test
    void mutatedModelsFailOnlyWithOnnxExceptions() {
        ModelProto seed = TestModels.small();
        byte[] bytes = seed.toByteArray();
        Tensor x = Tensor.randn(new SplittableRandom(2), 1, 1, 8, 8);
        assertEquals(6, run(bytes, x), "the unmutated model runs");
        SplittableRandom rng = new SplittableRandom(2026);
        int ran = 0, rejected = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            byte[] mutant = i % 2 == 0 ? mutateBytes(bytes, rng) : mutateStructure(seed, rng).toByteArray();
            try {
                run(mutant, x);
                ran++;
            } catch (OnnxException e) {
                rejected++;
            } catch (Throwable t) {
                fail("case " + i + ": " + t, t);
            }
        }
        System.out.printf("fuzz: %d mutated models, %d ran, %d rejected with OnnxException, %.1f s%n", CASES, ran, rejected, (System.nanoTime() - t0) / 1e9);
    }

    private static int run(byte[] bytes, Tensor x) {
        OnnxModel m = OnnxImporter.load(OnnxImporter.parse(bytes), new SplittableRandom(1));
        m.eval();
        try (var scope = GradMode.noGrad()) {
            if (m.inputs().size() != 1) throw new OnnxFormatException("inputs");
            int[] shape = m.run(Map.of(m.inputs().get(0).name(), Value.Floats.of(x))).values().iterator().next().shape();
            return shape.length > 1 ? shape[1] : 0;
        }
    }

    static byte[] mutateBytes(byte[] in, SplittableRandom rng) {
        byte[] b = in.clone();
        int kind = rng.nextInt(5);
        int at = rng.nextInt(b.length);
        switch (kind) {
            case 0 -> { for (int k = 0, n = 1 + rng.nextInt(4); k < n; k++) b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8)); }
            case 1 -> { for (int k = 0, n = 1 + rng.nextInt(4); k < n; k++) b[rng.nextInt(b.length)] = (byte) rng.nextInt(256); }
            case 2 -> b = java.util.Arrays.copyOf(b, at);
            case 3 -> {
                byte[] out = new byte[b.length + 1 + rng.nextInt(8)];
                System.arraycopy(b, 0, out, 0, at);
                for (int k = at; k < at + out.length - b.length; k++) out[k] = (byte) rng.nextInt(256);
                System.arraycopy(b, at, out, at + out.length - b.length, b.length - at);
                b = out;
            }
            default -> {
                int len = Math.min(1 + rng.nextInt(16), b.length - at);
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                b = out;
            }
        }
        return b;
    }

    private static final long[] NASTY = {0, 1, -1, 2, 3, 7, -2, 1 << 20, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 33};

    static ModelProto mutateStructure(ModelProto seed, SplittableRandom rng) {
        ModelProto.Builder m = seed.toBuilder();
        GraphProto.Builder g = m.getGraphBuilder();
        for (int k = 0, n = 1 + rng.nextInt(3); k < n; k++) {
            switch (rng.nextInt(8)) {
                case 0 -> {
                    TensorProto.Builder t = g.getInitializerBuilder(rng.nextInt(g.getInitializerCount()));
                    if (t.getDimsCount() > 0) t.setDims(rng.nextInt(t.getDimsCount()), NASTY[rng.nextInt(NASTY.length)]);
                    else t.addDims(NASTY[rng.nextInt(NASTY.length)]);
                }
                case 1 -> g.removeInitializer(rng.nextInt(g.getInitializerCount()));
                case 2 -> {
                    NodeProto.Builder node = g.getNodeBuilder(rng.nextInt(g.getNodeCount()));
                    if (node.getAttributeCount() == 0) continue;
                    AttributeProto.Builder a = node.getAttributeBuilder(rng.nextInt(node.getAttributeCount()));
                    if (a.getIntsCount() > 0) a.setInts(rng.nextInt(a.getIntsCount()), NASTY[rng.nextInt(NASTY.length)]);
                    else if (a.hasI()) a.setI(NASTY[rng.nextInt(NASTY.length)]);
                    else if (a.hasF()) a.setF((float) rng.nextGaussian() * 1e6f);
                    else a.setS(ByteString.copyFromUtf8("bogus"));
                }
                case 3 -> {
                    NodeProto.Builder node = g.getNodeBuilder(rng.nextInt(g.getNodeCount()));
                    NodeProto other = g.getNode(rng.nextInt(g.getNodeCount()));
                    if (node.getInputCount() > 0 && other.getOutputCount() > 0) node.setInput(rng.nextInt(node.getInputCount()), other.getOutput(0));
                }
                case 4 -> {
                    NodeProto.Builder node = g.getNodeBuilder(rng.nextInt(g.getNodeCount()));
                    node.setOpType(g.getNode(rng.nextInt(g.getNodeCount())).getOpType());
                }
                case 5 -> {
                    TensorProto.Builder t = g.getInitializerBuilder(rng.nextInt(g.getInitializerCount()));
                    if (t.getDataType() == TensorProto.DataType.INT64_VALUE && t.getInt64DataCount() > 0) {
                        t.setInt64Data(rng.nextInt(t.getInt64DataCount()), NASTY[rng.nextInt(NASTY.length)]);
                    } else {
                        t.setDataType(rng.nextInt(17));
                    }
                }
                case 6 -> m.setOpsetImport(0, m.getOpsetImport(0).toBuilder().setVersion(NASTY[rng.nextInt(NASTY.length)] & 31));
                default -> {
                    NodeProto.Builder node = g.getNodeBuilder(rng.nextInt(g.getNodeCount()));
                    if (node.getInputCount() > 0) {
                        java.util.List<String> inputs = new java.util.ArrayList<>(node.getInputList());
                        inputs.remove(rng.nextInt(inputs.size()));
                        node.clearInput().addAllInput(inputs);
                    } else {
                        node.addInput("x");
                    }
                }
            }
        }
        return m.build();
    }
}

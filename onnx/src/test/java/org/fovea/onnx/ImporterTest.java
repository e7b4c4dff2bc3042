package org.fovea.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import org.fovea.autograd.Variable;
import org.fovea.loss.CrossEntropyLoss;
import org.fovea.optim.SGD;
import org.fovea.tensor.Tensor;
import org.fovea.zoo.Models;
import org.junit.jupiter.api.Test;

/** Clear errors for bad files, and an imported model that trains. */
class ImporterTest {
    static final SplittableRandom RNG = new SplittableRandom(11);

    @Test
    void malformedProtobufIsAFormatError() {
        var e = assertThrows(OnnxFormatException.class, () -> OnnxImporter.parse(new byte[] {8, (byte) 0x80, (byte) 0x80}));
        assertTrue(e.getMessage().startsWith("not a valid ONNX protobuf"), e.getMessage());
    }

    @Test
    void missingInitializerIsNamed() {
        ModelProto m = TestModels.small();
        var g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) if (g.getInitializer(i).getName().equals("fc.weight")) g.removeInitializer(i);
        var e = assertThrows(OnnxFormatException.class, () -> OnnxImporter.load(m.toBuilder().setGraph(g).build(), RNG));
        assertTrue(e.getMessage().contains("reads 'fc.weight', which no initializer"), e.getMessage());
    }

    @Test
    void unsupportedOperatorsAreListedAllAtOnce() {
        ModelProto m = TestModels.small();
        var g = m.getGraph().toBuilder()
                .addNode(NodeProto.newBuilder().setOpType("Einsum").addInput("x").addOutput("e1"))
                .addNode(NodeProto.newBuilder().setOpType("Resize").addInput("x").addOutput("e2"))
                .addNode(NodeProto.newBuilder().setOpType("Einsum").addInput("x").addOutput("e3"));
        var e = assertThrows(OnnxUnsupportedException.class, () -> OnnxImporter.load(m.toBuilder().setGraph(g).build(), RNG));
        assertTrue(e.getMessage().startsWith("unsupported operators: Einsum, Resize ("), e.getMessage());
    }

    @Test
    void unsupportedOpsetIsNamed() {
        ModelProto m = TestModels.small().toBuilder().setOpsetImport(0, OperatorSetIdProto.newBuilder().setVersion(18)).build();
        var e = assertThrows(OnnxUnsupportedException.class, () -> OnnxImporter.load(m, RNG));
        assertEquals("opset 18 is not supported (6 to 17)", e.getMessage());
    }

    @Test
    void hostileDimsAreRejectedBeforeAllocating() {
        TensorProto huge = TensorProto.newBuilder().setName("w").setDataType(1).addDims(1L << 40).addDims(1L << 40).build();
        var e = assertThrows(OnnxFormatException.class, () -> Tensors.read(huge, "initializer 'w'"));
        assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
        TensorProto lying = TensorProto.newBuilder().setName("w").setDataType(1).addDims(1000).addDims(1000).addFloatData(1f).build();
        e = assertThrows(OnnxFormatException.class, () -> Tensors.read(lying, "initializer 'w'"));
        assertTrue(e.getMessage().contains("needs 1000000 values but the tensor holds 1"), e.getMessage());
    }

    @Test
    void inconsistentShapesNameTheNode() {
        OnnxModel m = OnnxImporter.load(TestModels.small(), RNG);
        var e = assertThrows(OnnxFormatException.class, () -> m.forward(Tensor.zeros(1, 1, 9, 9)));
        assertTrue(e.getMessage().contains("graph input 'x' expects shape [1, 1, 8, 8]"), e.getMessage());
    }

    @Test
    void importedModelFineTunes() {
        var lenet = Models.create("lenet5", Map.of(), RNG);
        OnnxModel m = OnnxImporter.load(OnnxExporter.export(lenet, 1, 1, 28, 28), RNG);
        Tensor x = Tensor.randn(RNG, 8, 1, 28, 28);
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7};
        CrossEntropyLoss ce = new CrossEntropyLoss();
        // Same gradients as the model it came from…
        lenet.train();
        ce.forward(lenet.forward(x), labels).backward();
        m.train();
        ce.forward(m.forward(x), labels).backward();
        for (var e : lenet.namedParameters().entrySet()) {
            Tensor g = m.namedParameters().get(e.getKey()).grad();
            assertNotNull(g, e.getKey());
            assertTrue(g.allClose(e.getValue().grad(), 1e-4f, 1e-6f), e.getKey());
        }
        // …and training lowers the loss.
        SGD sgd = new SGD(m.parameters(), 0.1);
        float first = 0, last = 0;
        for (int step = 0; step < 30; step++) {
            m.zeroGrad();
            Variable loss = ce.forward(m.forward(x), labels);
            loss.backward();
            sgd.step();
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        assertTrue(last < first * 0.8, "loss " + first + " → " + last);
        assertEquals(List.of("input"), m.inputs().stream().map(OnnxModel.Input::name).toList());
    }
}

package alexnet.net.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OrtException;
import alexnet.net.Net;
import alexnet.net.spec.Architectures;
import alexnet.net.spec.NetSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exported model, run by ONNX Runtime, gives the net's own logits. */
class OnnxExportTest {

    @Test
    void theSmallNetInOnnxRuntimeGivesTheNetsLogits() throws OrtException {
        compare(Architectures.small(10), 3);
    }

    /** The paper's net, with few classes and a batch of 2 to keep the test quick. */
    @Test
    void alexnetInOnnxRuntimeGivesTheNetsLogits() throws OrtException {
        compare(Architectures.alexnet(3), 2);
    }

    /** Ungrouped LRN (one-gpu), tanh and 2/2 pooling take other paths through the export. */
    @Test
    void ablationsInOnnxRuntimeGiveTheNetsLogits() throws OrtException {
        compare(Architectures.variant("small", 4, List.of(Architectures.Ablation.ONE_GPU,
                Architectures.Ablation.TANH, Architectures.Ablation.NO_OVERLAP)), 2);
    }

    @Test
    void groupedLayersAndLrnAreOnnxsOwn() {
        NetSpec spec = Architectures.small(10);
        ModelProto model = OnnxExport.model(spec, OnnxRuntimeCheck.randomNet(spec, 1, 1L).params(), Map.of());
        assertEquals(2, attribute(node(model, "conv2"), "group").getI());
        assertEquals(1, attribute(node(model, "conv3"), "group").getI());
        NodeProto lrn = node(model, "norm1_group0");
        assertEquals(1e-4f * 5, attribute(lrn, "alpha").getF());
        assertEquals(2f, attribute(lrn, "bias").getF());
        assertEquals(5, attribute(lrn, "size").getI());
        assertEquals(1, attribute(node(model, "fc6"), "transB").getI());
        assertEquals("Mul", node(model, "drop6").getOpType());
    }

    private static void compare(NetSpec spec, int batch) throws OrtException {
        Net net = OnnxRuntimeCheck.randomNet(spec, batch, 5L);
        float[] images = OnnxRuntimeCheck.randomImages(spec, batch, 6L);
        float[] expected = OnnxRuntimeCheck.logits(net, images, batch);
        ModelProto model = OnnxExport.model(spec, net.params(), Map.of());
        float[] actual = OnnxRuntimeCheck.onnxRuntime(model, spec, images, batch);
        OnnxRuntimeCheck.assertClose(expected, actual, spec.classes(), spec.name());
    }

    static NodeProto node(ModelProto model, String name) {
        return model.getGraph().getNodeList().stream().filter(n -> n.getName().equals(name)).findFirst().orElseThrow();
    }

    static AttributeProto attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().orElseThrow();
    }
}

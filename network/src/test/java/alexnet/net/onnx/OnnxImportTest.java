package alexnet.net.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OrtException;
import alexnet.net.Net;
import alexnet.net.spec.Architectures;
import alexnet.net.spec.NetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import reads back what export wrote, and a model of another layout (another order of initializers,
 * Gemm with transB 0, MatMul + Add, ONNX's Dropout, Reshape, Caffe's pooling padding, a Softmax at the
 * end, no metadata, BGR input), built here with the ONNX protobuf builders; it refuses other nets.
 */
class OnnxImportTest {

    private static final NetSpec SMALL = Architectures.small(5);
    private static final Map<String, String> SMALL_METADATA = Map.of(ModelMetadata.NET, "small",
            ModelMetadata.CHANNEL_ORDER, "RGB");

    @TempDir
    Path dir;

    @Test
    void exportThenImportGivesTheSameNet() throws IOException {
        Net original = OnnxRuntimeCheck.randomNet(SMALL, 2, 3L);
        OnnxImport.Imported imported = roundTrip(OnnxExport.model(SMALL, original.params(), SMALL_METADATA), null);
        assertEquals("small", imported.identity().base());
        assertEquals(List.of(), imported.identity().ablations());
        assertSameLogits(original, imported.net(), false);
    }

    @Test
    void aModelOfAnotherLayoutGivesTheSameNet() throws IOException, OrtException {
        Net original = OnnxRuntimeCheck.randomNet(SMALL, 2, 4L);
        ModelProto caffeLike = otherLayout(OnnxExport.model(SMALL, original.params(), Map.of()));
        // The model built here computes what the net computes (its output being the probabilities):
        float[] images = OnnxRuntimeCheck.randomImages(SMALL, 2, 8L);
        OnnxRuntimeCheck.logits(original, images, 2);
        float[] probabilities = java.util.Arrays.copyOf(original.probabilities(), 2 * SMALL.classes());
        OnnxRuntimeCheck.assertClose(probabilities, OnnxRuntimeCheck.onnxRuntime(caffeLike, SMALL, images, 2),
                SMALL.classes(), "the other layout in ONNX Runtime");
        OnnxImport.Imported imported = roundTrip(caffeLike, "RGB");
        assertEquals(SMALL, imported.identity().spec());
        assertSameLogits(original, imported.net(), false);
    }

    /** Without metadata the model is taken as Caffe's are, BGR: conv1 is turned to take RGB. */
    @Test
    void aModelWithoutMetadataIsTakenAsBgr() throws IOException {
        Net original = OnnxRuntimeCheck.randomNet(SMALL, 2, 5L);
        OnnxImport.Imported imported = roundTrip(OnnxExport.model(SMALL, original.params(), Map.of()), null);
        assertEquals("BGR", imported.channelOrder());
        assertSameLogits(original, imported.net(), true);
    }

    /** Caffe's LRN (k = 1, alpha divided by 5, all maps) is the caffe-lrn variant. */
    @Test
    void caffesLrnIsRecognised() throws IOException {
        NetSpec caffe = Architectures.variant("small", 5, List.of(Architectures.Ablation.CAFFE_LRN));
        Net original = OnnxRuntimeCheck.randomNet(caffe, 2, 6L);
        OnnxImport.Imported imported = roundTrip(otherLayout(OnnxExport.model(caffe, original.params(), Map.of())),
                "RGB");
        assertEquals(List.of(Architectures.Ablation.CAFFE_LRN), imported.identity().ablations());
        assertSameLogits(original, imported.net(), false);
    }

    @Test
    void anotherArchitectureIsRefusedNamingTheFileAndTheLayer() throws IOException {
        ModelProto model = OnnxExport.model(SMALL, OnnxRuntimeCheck.randomNet(SMALL, 1, 1L).params(), SMALL_METADATA);
        ModelProto ungrouped = withNodes(model, node -> !node.getName().equals("conv2") ? node : node.toBuilder()
                .clearAttribute().addAllAttribute(node.getAttributeList().stream().filter(a -> !a.getName().equals("group"))
                        .toList()).build());
        BadModelException e = assertThrows(BadModelException.class, () -> roundTrip(ungrouped, null));
        assertTrue(e.getMessage().startsWith(dir.resolve("model.onnx") + ": ") && e.getMessage().contains("conv2")
                && e.getMessage().contains("group 1"), e.getMessage());

        ModelProto sigmoid = withNodes(model, node -> !node.getName().equals("relu3") ? node
                : node.toBuilder().setOpType("Sigmoid").build());
        e = assertThrows(BadModelException.class, () -> roundTrip(sigmoid, null));
        assertTrue(e.getMessage().contains("relu3") && e.getMessage().contains("Sigmoid"), e.getMessage());
    }

    @Test
    void aFileThatIsNoOnnxModelIsRefused() throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.writeString(file, "not a model\n");
        BadModelException e = assertThrows(BadModelException.class, () -> OnnxImport.read(file, null));
        assertTrue(e.getMessage().startsWith(file + ": not an ONNX model"), e.getMessage());
    }

    private OnnxImport.Imported roundTrip(ModelProto model, String channelOrder) throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.write(file, model.toByteArray());
        return OnnxImport.read(file, channelOrder);
    }

    /** Both nets' logits for random images; {@code bgr}: the original is given them with the channels reversed. */
    private static void assertSameLogits(Net original, Net imported, boolean bgr) {
        for (int p = 0; p < original.params().size() && !bgr; p++) {
            assertArrayEquals(original.params().get(p).value(), imported.params().get(p).value(), 0f,
                    original.params().get(p).name());
        }
        float[] images = OnnxRuntimeCheck.randomImages(SMALL, 1, 9L);
        float[] expected = OnnxRuntimeCheck.logits(original, bgr ? reverseChannels(images) : images, 1);
        float[] actual = OnnxRuntimeCheck.logits(imported, images, 1);
        OnnxRuntimeCheck.assertClose(expected, actual, SMALL.classes(), "imported");
    }

    private static float[] reverseChannels(float[] image) {
        int plane = image.length / 3;
        float[] reversed = new float[image.length];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(image, c * plane, reversed, (2 - c) * plane, plane);
        }
        return reversed;
    }

    /**
     * The same function in the layout of other tools: no metadata, nameless nodes, initializers in reverse
     * order; fc6 as MatMul + Add, fc7 as Gemm with transB 0; ONNX's Dropout (the identity) instead of Mul
     * 0.5, with the next layer's weights halved for it; Reshape [0, -1] instead of Flatten; pool1 with
     * Caffe's padding at the end, pool2 in ceil_mode (both inert at these sizes); Softmax at the end.
     */
    static ModelProto otherLayout(ModelProto exported) {
        GraphProto graph = exported.getGraph();
        Map<String, TensorProto> initializers = new java.util.HashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        List<NodeProto> nodes = new ArrayList<>();
        List<String> halved = new ArrayList<>();
        for (NodeProto node : graph.getNodeList()) {
            String name = node.getName();
            NodeProto.Builder changed = node.toBuilder().clearName();
            switch (node.getOpType()) {
                case "Mul" -> {
                    changed.setOpType("Dropout").clearInput().addInput(node.getInput(0));
                    initializers.remove(node.getInput(1));
                    halved.add(name.equals("drop6") ? "fc7.weight" : "fc8.weight");
                }
                case "Flatten" -> {
                    initializers.put("flat_shape", TensorProto.newBuilder().setName("flat_shape").addDims(2)
                            .setDataType(TensorProto.DataType.INT64.getNumber()).addInt64Data(0).addInt64Data(-1).build());
                    changed.setOpType("Reshape").clearAttribute().addInput("flat_shape");
                }
                case "MaxPool" -> {
                    if (name.equals("pool1")) {
                        changed.addAttribute(GraphBuilder.ints("pads", 0, 0, 1, 1));
                    } else if (name.equals("pool2")) {
                        changed.addAttribute(GraphBuilder.integer("ceil_mode", 1));
                    }
                }
                case "Gemm" -> {
                    if (name.equals("fc6")) {
                        nodes.add(NodeProto.newBuilder().setOpType("MatMul").addInput(node.getInput(0))
                                .addInput("fc6.weight").addOutput("fc6_product").build());
                        changed.setOpType("Add").clearInput().clearAttribute().addInput("fc6.bias")
                                .addInput("fc6_product");
                    } else if (name.equals("fc7")) {
                        changed.clearAttribute().addAttribute(GraphBuilder.integer("transB", 0));
                    }
                    if (!name.equals("fc8")) {
                        initializers.put(name + ".weight", transposed(initializers.get(name + ".weight")));
                    }
                }
                default -> {
                }
            }
            nodes.add(changed.build());
        }
        halved.forEach(weight -> initializers.put(weight, scaled(initializers.get(weight), 0.5f)));
        nodes.add(NodeProto.newBuilder().setOpType("Softmax").addInput(OnnxExport.OUTPUT).addOutput("prob").build());
        List<TensorProto> reversed = new ArrayList<>(initializers.values());
        reversed.sort(java.util.Comparator.comparing(TensorProto::getName));
        Collections.reverse(reversed);
        ValueInfoProto output = graph.getOutput(0).toBuilder().setName("prob").build();
        GraphProto other = graph.toBuilder().clearNode().addAllNode(nodes).clearInitializer().addAllInitializer(reversed)
                .clearOutput().addOutput(output).build();
        return exported.toBuilder().clearMetadataProps().setGraph(other).build();
    }

    private static ModelProto withNodes(ModelProto model, UnaryOperator<NodeProto> change) {
        GraphProto graph = model.getGraph();
        return model.toBuilder().setGraph(graph.toBuilder().clearNode()
                .addAllNode(graph.getNodeList().stream().map(change).toList())).build();
    }

    /** A matrix initializer [rows][columns] as [columns][rows]. */
    private static TensorProto transposed(TensorProto matrix) {
        int rows = (int) matrix.getDims(0);
        int columns = (int) matrix.getDims(1);
        float[] values = OnnxTensors.floatValues(matrix);
        float[] result = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                result[c * rows + r] = values[r * columns + c];
            }
        }
        return OnnxTensors.floats(matrix.getName(), new long[] {columns, rows}, result);
    }

    /** A float initializer times {@code factor}, its values stored as float_data this time. */
    private static TensorProto scaled(TensorProto tensor, float factor) {
        float[] values = OnnxTensors.floatValues(tensor);
        TensorProto.Builder builder = tensor.toBuilder().clearRawData();
        for (float value : values) {
            builder.addFloatData(value * factor);
        }
        return builder.build();
    }
}

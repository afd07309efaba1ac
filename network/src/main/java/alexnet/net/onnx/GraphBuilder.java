package alexnet.net.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;

/** Appends nodes, initializers, inputs and outputs to an ONNX graph; every node's outputs are named after it. */
final class GraphBuilder {

    private final GraphProto.Builder graph = GraphProto.newBuilder();

    GraphBuilder(String name) {
        graph.setName(name);
    }

    /** A node of one output, named {@code name} like the node; returns that name. */
    String node(String op, String name, List<String> inputs, AttributeProto... attributes) {
        nodeWithOutputs(op, name, inputs, List.of(name), attributes);
        return name;
    }

    void nodeWithOutputs(String op, String name, List<String> inputs, List<String> outputs,
                         AttributeProto... attributes) {
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addAllOutput(outputs)
                .addAllAttribute(List.of(attributes)));
    }

    /** A constant tensor; returns its name. */
    String initializer(TensorProto tensor) {
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    /** A float input of shape [batch, dims...], the batch left open. */
    void input(String name, int... dims) {
        graph.addInput(floatValue(name, dims));
    }

    /** A float output of shape [batch, dims...]. */
    void output(String name, int... dims) {
        graph.addOutput(floatValue(name, dims));
    }

    GraphProto build() {
        return graph.build();
    }

    private static ValueInfoProto floatValue(String name, int... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (int dim : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }
}

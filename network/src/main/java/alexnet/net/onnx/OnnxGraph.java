package alexnet.net.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An ONNX graph indexed for walking it: which nodes read each tensor, the constant tensors
 * (initializers and Constant nodes) by name, the graph's outputs; and its nodes' attributes with
 * ONNX's defaults.
 */
final class OnnxGraph {

    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Set<String> outputs;
    private final List<String> dataInputs;

    OnnxGraph(GraphProto graph) {
        graph.getInitializerList().forEach(tensor -> constants.put(tensor.getName(), tensor));
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Constant")) {
                constants.put(node.getOutput(0), constantValue(node));
                continue;
            }
            for (String input : node.getInputList()) {
                if (!input.isEmpty()) {
                    consumers.computeIfAbsent(input, name -> new ArrayList<>()).add(node);
                }
            }
        }
        // Only the data flow is walked: weights, shapes and scale factors are read as constants.
        constants.keySet().forEach(consumers::remove);
        outputs = graph.getOutputList().stream().map(ValueInfoProto::getName).collect(Collectors.toSet());
        // Before IR version 4, initializers were listed among the inputs too.
        dataInputs = graph.getInputList().stream().map(ValueInfoProto::getName)
                .filter(name -> !constants.containsKey(name)).toList();
    }

    private static TensorProto constantValue(NodeProto node) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals("value")) {
                return attribute.getT().toBuilder().setName(node.getOutput(0)).build();
            }
        }
        throw new IllegalArgumentException(name(node) + " holds no 'value' tensor (the only Constant form read)");
    }

    /** The one input that is not a constant: the images. */
    String dataInput() {
        if (dataInputs.size() != 1) {
            throw new IllegalArgumentException("the graph has " + dataInputs.size() + " inputs besides its weights "
                    + dataInputs + ", where an AlexNet has one, the images");
        }
        return dataInputs.get(0);
    }

    List<NodeProto> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    boolean isOutput(String tensor) {
        return outputs.contains(tensor);
    }

    /** The constant tensor {@code name}, refused (naming the node) when it is computed instead. */
    TensorProto constant(NodeProto node, int input) {
        String name = node.getInputCount() > input ? node.getInput(input) : "";
        TensorProto tensor = constants.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException(name(node) + ": its input " + input + " ('" + name
                    + "') is not a constant (an initializer or a Constant node)");
        }
        return tensor;
    }

    /** Whether {@code node} has a (non-empty) input {@code input}. */
    static boolean hasInput(NodeProto node, int input) {
        return node.getInputCount() > input && !node.getInput(input).isEmpty();
    }

    /** "node 'conv2' (Conv)"; a nameless node by its first output. */
    static String name(NodeProto node) {
        String name = node.getName().isEmpty() ? node.getOutput(0) : node.getName();
        return "node '" + name + "' (" + node.getOpType() + ")";
    }

    static long integer(NodeProto node, String name, long fallback) {
        AttributeProto attribute = attribute(node, name);
        return attribute == null ? fallback : attribute.getI();
    }

    static float real(NodeProto node, String name, float fallback) {
        AttributeProto attribute = attribute(node, name);
        return attribute == null ? fallback : attribute.getF();
    }

    static String text(NodeProto node, String name, String fallback) {
        AttributeProto attribute = attribute(node, name);
        return attribute == null ? fallback : attribute.getS().toStringUtf8();
    }

    /** An INTS attribute, or {@code fallback} when absent. */
    static long[] integers(NodeProto node, String name, long... fallback) {
        AttributeProto attribute = attribute(node, name);
        return attribute == null ? fallback : attribute.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    private static AttributeProto attribute(NodeProto node, String name) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return attribute;
            }
        }
        return null;
    }
}

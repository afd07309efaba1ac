package alexnet.net.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an ONNX graph as a chain of layers by following the data from the image input node by node,
 * whatever the order of the nodes and initializers in the file: Conv, Relu, Tanh, LRN (also one per
 * group between a Split and a Concat), MaxPool, Flatten or Reshape, Gemm or MatMul (+ Add), Dropout or
 * Mul by a constant, Softmax; Identity passes through. Anything else, or a tensor that feeds two
 * nodes, is refused with the node named.
 */
final class GraphWalker {

    private final OnnxGraph graph;
    private final List<GraphLayer> layers = new ArrayList<>();
    private boolean flat;

    private GraphWalker(OnnxGraph graph) {
        this.graph = graph;
    }

    static List<GraphLayer> walk(OnnxGraph graph) {
        GraphWalker walker = new GraphWalker(graph);
        String tensor = graph.dataInput();
        Set<String> passed = new HashSet<>();
        while (passed.add(tensor)) {
            List<NodeProto> next = graph.consumers(tensor);
            if (next.isEmpty()) {
                if (!graph.isOutput(tensor)) {
                    throw new IllegalArgumentException("tensor '" + tensor + "' is neither read nor a graph output");
                }
                return walker.layers;
            }
            tensor = walker.step(single(next, tensor), tensor);
        }
        throw new IllegalArgumentException("the graph runs in a circle at tensor '" + tensor + "'");
    }

    private static NodeProto single(List<NodeProto> readers, String tensor) {
        if (readers.size() != 1) {
            throw new IllegalArgumentException("tensor '" + tensor + "' feeds " + readers.size() + " nodes ("
                    + readers.stream().map(OnnxGraph::name).toList() + "): an AlexNet is one chain of layers");
        }
        return readers.get(0);
    }

    /** Reads the layer that starts at {@code node}, which reads {@code tensor}; returns the tensor it ends with. */
    private String step(NodeProto node, String tensor) {
        if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
            throw new IllegalArgumentException(OnnxGraph.name(node) + ": an operator of domain " + node.getDomain()
                    + ", not ONNX's own");
        }
        if (!node.getOpType().equals("Mul") && !node.getInput(0).equals(tensor)) {
            throw new IllegalArgumentException(OnnxGraph.name(node) + " reads the data flowing through the net as "
                    + "another input than its first");
        }
        String name = OnnxGraph.name(node);
        switch (node.getOpType()) {
            case "Conv" -> layers.add(conv(maps(node)));
            case "Relu", "Tanh" -> layers.add(new GraphLayer.Activation(name, node.getOpType().equals("Tanh")));
            case "LRN" -> layers.add(lrn(maps(node), 1));
            case "Split" -> {
                return groupedLrn(maps(node));
            }
            case "MaxPool" -> layers.add(maxPool(maps(node)));
            case "Flatten" -> flatten(node, OnnxGraph.integer(node, "axis", 1) == 1);
            case "Reshape" -> flatten(node, OnnxTensors.longValues(graph.constant(node, 1)).length == 2);
            case "Gemm" -> layers.add(gemm(vectors(node)));
            case "MatMul" -> {
                return matMul(vectors(node));
            }
            case "Dropout" -> {
                requireUnused(node, 1);
                layers.add(new GraphLayer.Dropout(name, 1f));
            }
            case "Mul" -> layers.add(new GraphLayer.Dropout(name,
                    scalar(node, node.getInput(0).equals(tensor) ? 1 : 0)));
            case "Softmax" -> layers.add(new GraphLayer.Softmax(name));
            case "Identity" -> {
                // passes its input on
            }
            default -> throw new IllegalArgumentException(name + ": not an operator of an AlexNet "
                    + "(Conv, Relu, Tanh, LRN, MaxPool, Flatten, Reshape, Gemm, MatMul, Add, Dropout, Mul, Softmax)");
        }
        return node.getOutput(0);
    }

    /** {@code node} reads maps (before the flatten), refused after it. */
    private NodeProto maps(NodeProto node) {
        if (flat) {
            throw new IllegalArgumentException(OnnxGraph.name(node) + " comes after the maps were flattened");
        }
        return node;
    }

    /** {@code node} reads vectors, refused before a Flatten or Reshape. */
    private NodeProto vectors(NodeProto node) {
        if (!flat) {
            throw new IllegalArgumentException(OnnxGraph.name(node) + " reads maps that no Flatten or Reshape made "
                    + "into vectors");
        }
        return node;
    }

    private void flatten(NodeProto node, boolean toVectors) {
        if (!toVectors) {
            throw new IllegalArgumentException(OnnxGraph.name(node) + " does not flatten each image's maps into one "
                    + "vector");
        }
        flat = true;
    }

    private GraphLayer.Conv conv(NodeProto node) {
        TensorProto w = graph.constant(node, 1);
        long[] dims = w.getDimsList().stream().mapToLong(Long::longValue).toArray();
        if (dims.length != 4 || dims[2] != dims[3]) {
            throw new IllegalArgumentException(OnnxGraph.name(node) + ": weights " + Arrays.toString(dims)
                    + ", where an AlexNet's are [kernels][maps][size][size]");
        }
        int kernels = (int) dims[0];
        int size = (int) dims[2];
        requireAll(node, "dilations", OnnxGraph.integers(node, "dilations", 1, 1), 1);
        requireAutoPadNotSet(node);
        requireAll(node, "kernel_shape", OnnxGraph.integers(node, "kernel_shape", size, size), size);
        long[] strides = OnnxGraph.integers(node, "strides", 1, 1);
        requireAll(node, "strides", strides, strides[0]);
        long[] pads = OnnxGraph.integers(node, "pads", 0, 0, 0, 0);
        requireAll(node, "pads", pads, pads[0]);
        float[] bias = OnnxGraph.hasInput(node, 2) ? floats(graph.constant(node, 2), kernels, node)
                : new float[kernels];
        return new GraphLayer.Conv(OnnxGraph.name(node), kernels, (int) dims[1], size, (int) strides[0], (int) pads[0],
                (int) OnnxGraph.integer(node, "group", 1), OnnxTensors.floatValues(w), bias);
    }

    /** ONNX's alpha is divided by size in its formula; the project's (the paper's) is not. */
    private GraphLayer.Lrn lrn(NodeProto node, int groups) {
        int size = (int) OnnxGraph.integer(node, "size", 0);
        if (size < 1) {
            throw new IllegalArgumentException(OnnxGraph.name(node) + ": no size");
        }
        return new GraphLayer.Lrn(OnnxGraph.name(node), size, OnnxGraph.real(node, "bias", 1f),
                OnnxGraph.real(node, "alpha", 1e-4f) / size, OnnxGraph.real(node, "beta", 0.75f), groups);
    }

    /** Split into equal groups of maps, one LRN each (all alike), Concat in the same order: a grouped LRN. */
    private String groupedLrn(NodeProto split) {
        if (OnnxGraph.integer(split, "axis", 0) != 1) {
            throw new IllegalArgumentException(OnnxGraph.name(split) + " splits along another axis than the maps'");
        }
        long[] sizes = OnnxGraph.hasInput(split, 1) ? OnnxTensors.longValues(graph.constant(split, 1))
                : OnnxGraph.integers(split, "split");
        if (sizes.length > 0) {
            requireAll(split, "split", sizes, sizes[0]);
        }
        if (split.getOutputCount() < 2) {
            throw new IllegalArgumentException(OnnxGraph.name(split) + ": fewer than two parts");
        }
        List<NodeProto> lrns = new ArrayList<>();
        List<String> normalized = new ArrayList<>();
        for (String part : split.getOutputList()) {
            NodeProto lrn = single(graph.consumers(part), part);
            if (!lrn.getOpType().equals("LRN")
                    || !lrns.isEmpty() && !lrn.getAttributeList().equals(lrns.get(0).getAttributeList())) {
                throw new IllegalArgumentException(OnnxGraph.name(split) + ": each of its parts must go through an LRN "
                        + "like the others'; " + OnnxGraph.name(lrn) + " does not");
            }
            lrns.add(lrn);
            normalized.add(lrn.getOutput(0));
        }
        NodeProto concat = single(graph.consumers(normalized.get(0)), normalized.get(0));
        if (!concat.getOpType().equals("Concat") || OnnxGraph.integer(concat, "axis", 0) != 1
                || !concat.getInputList().equals(normalized)) {
            throw new IllegalArgumentException(OnnxGraph.name(split) + ": its LRNs' outputs must be joined by one "
                    + "Concat along the maps, in the order of the split");
        }
        layers.add(lrn(lrns.get(0), lrns.size()));
        return concat.getOutput(0);
    }

    private GraphLayer.MaxPool maxPool(NodeProto node) {
        requireUnused(node, 1);
        requireAutoPadNotSet(node);
        requireAll(node, "dilations", OnnxGraph.integers(node, "dilations", 1, 1), 1);
        long[] kernel = OnnxGraph.integers(node, "kernel_shape");
        if (kernel.length != 2) {
            throw new IllegalArgumentException(OnnxGraph.name(node) + ": kernel_shape " + Arrays.toString(kernel));
        }
        requireAll(node, "kernel_shape", kernel, kernel[0]);
        long[] strides = OnnxGraph.integers(node, "strides", 1, 1);
        requireAll(node, "strides", strides, strides[0]);
        long[] pads = OnnxGraph.integers(node, "pads", 0, 0, 0, 0);
        if (pads.length != 4 || pads[0] != 0 || pads[1] != 0 || pads[2] != pads[3]) {
            throw new IllegalArgumentException(OnnxGraph.name(node) + ": pads " + Arrays.toString(pads)
                    + " (only padding at the end, the same for rows and columns, is read)");
        }
        return new GraphLayer.MaxPool(OnnxGraph.name(node), (int) kernel[0], (int) strides[0], (int) pads[2],
                OnnxGraph.integer(node, "ceil_mode", 0) != 0);
    }

    /** Y = alpha * A * B' + beta * C, B' = B or its transpose; alpha and beta go into the weights and biases. */
    private GraphLayer.FullyConnected gemm(NodeProto node) {
        if (OnnxGraph.integer(node, "transA", 0) != 0) {
            throw new IllegalArgumentException(OnnxGraph.name(node) + ": transA is set");
        }
        TensorProto b = graph.constant(node, 1);
        boolean transposed = OnnxGraph.integer(node, "transB", 0) != 0;
        long[] dims = dims2(node, b);
        int inputs = (int) (transposed ? dims[1] : dims[0]);
        int outputs = (int) (transposed ? dims[0] : dims[1]);
        float[] weight = OnnxTensors.floatValues(b);
        if (transposed) {
            weight = transpose(weight, outputs, inputs);
        }
        scale(weight, OnnxGraph.real(node, "alpha", 1f));
        float[] bias = new float[outputs];
        if (OnnxGraph.hasInput(node, 2)) {
            bias = broadcast(graph.constant(node, 2), outputs, node);
            scale(bias, OnnxGraph.real(node, "beta", 1f));
        }
        return new GraphLayer.FullyConnected(OnnxGraph.name(node), inputs, outputs, weight, bias);
    }

    /** MatMul by a constant [inputs][outputs], and the Add of a constant bias after it, if there is one. */
    private String matMul(NodeProto node) {
        TensorProto b = graph.constant(node, 1);
        long[] dims = dims2(node, b);
        int outputs = (int) dims[1];
        float[] bias = new float[outputs];
        String out = node.getOutput(0);
        List<NodeProto> next = graph.consumers(out);
        if (next.size() == 1 && next.get(0).getOpType().equals("Add")) {
            NodeProto add = next.get(0);
            int other = add.getInput(0).equals(out) ? 1 : 0;
            bias = broadcast(graph.constant(add, other), outputs, add);
            out = add.getOutput(0);
        }
        layers.add(new GraphLayer.FullyConnected(OnnxGraph.name(node), (int) dims[0], outputs,
                OnnxTensors.floatValues(b), bias));
        return out;
    }

    private float scalar(NodeProto mul, int input) {
        TensorProto factor = graph.constant(mul, input);
        if (OnnxTensors.elements(factor) != 1) {
            throw new IllegalArgumentException(OnnxGraph.name(mul) + ": multiplies by " + OnnxTensors.elements(factor)
                    + " values; only a single factor (test-time dropout) is read");
        }
        return OnnxTensors.floatValues(factor)[0];
    }

    private static long[] dims2(NodeProto node, TensorProto tensor) {
        long[] dims = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
        if (dims.length != 2) {
            throw new IllegalArgumentException(OnnxGraph.name(node) + ": weights " + Arrays.toString(dims)
                    + " are not a matrix");
        }
        return dims;
    }

    /** A bias of {@code outputs} values, or one value for all. */
    private static float[] broadcast(TensorProto tensor, int outputs, NodeProto node) {
        float[] values = OnnxTensors.floatValues(tensor);
        if (values.length == 1) {
            float[] all = new float[outputs];
            Arrays.fill(all, values[0]);
            return all;
        }
        return floats(tensor, outputs, node);
    }

    private static float[] floats(TensorProto tensor, int count, NodeProto node) {
        float[] values = OnnxTensors.floatValues(tensor);
        if (values.length != count) {
            throw new IllegalArgumentException(OnnxGraph.name(node) + ": " + values.length + " biases for " + count
                    + " outputs");
        }
        return values;
    }

    private static float[] transpose(float[] matrix, int rows, int columns) {
        float[] transposed = new float[matrix.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                transposed[c * rows + r] = matrix[r * columns + c];
            }
        }
        return transposed;
    }

    private static void scale(float[] values, float factor) {
        if (factor != 1f) {
            for (int i = 0; i < values.length; i++) {
                values[i] *= factor;
            }
        }
    }

    private void requireUnused(NodeProto node, int output) {
        if (node.getOutputCount() > output && !node.getOutput(output).isEmpty()
                && (!graph.consumers(node.getOutput(output)).isEmpty() || graph.isOutput(node.getOutput(output)))) {
            throw new IllegalArgumentException(OnnxGraph.name(node) + ": its output " + output + " is used");
        }
    }

    private static void requireAutoPadNotSet(NodeProto node) {
        String autoPad = OnnxGraph.text(node, "auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw new IllegalArgumentException(OnnxGraph.name(node) + ": auto_pad " + autoPad
                    + " (only explicit pads are read)");
        }
    }

    /** Every value of the attribute is {@code expected}: an AlexNet's are 1 (dilations) or alike along both axes. */
    private static void requireAll(NodeProto node, String attribute, long[] values, long expected) {
        for (long value : values) {
            if (value != expected) {
                throw new IllegalArgumentException(OnnxGraph.name(node) + ": " + attribute + " "
                        + Arrays.toString(values) + ", where an AlexNet's are all " + expected);
            }
        }
    }
}

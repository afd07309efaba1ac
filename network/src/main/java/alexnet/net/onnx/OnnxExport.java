package alexnet.net.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import alexnet.data.AtomicFiles;
import alexnet.net.Param;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.NetSpec;
import alexnet.net.spec.Shape;
import alexnet.net.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A trained net as an ONNX model (opset 13) that computes what the net computes at test time:
 * <pre>
 * image [batch][3][crop][crop] float, NCHW: the preprocessed crop (see the metadata's "preprocessing")
 * conv            Conv, group 2 where the paper splits the kernels over its two GPUs
 * ReLU / tanh     Relu / Tanh
 * LRN             LRN, alpha times size (see {@link #lrn}); grouped LRN as Split, one LRN per group, Concat
 * max-pool        MaxPool, no padding, floor (the size the project's kernels give)
 * fc              Flatten before the first, then Gemm(x, W, b) with transB = 1 (W as [outputs][inputs],
 *                 the layout of Caffe's and PyTorch's fc weights)
 * dropout         Mul by 1 - p, the paper's test-time dropout (see {@link #dropout})
 * softmax         none: the output is fc8's logits [batch][classes]
 * </pre>
 * Initializers are named after the net's parameters ("conv1.weight", ...).
 */
public final class OnnxExport {

    /** ONNX operator set: 13 has every operator used here in the form used here and is widely read. */
    static final long OPSET = 13;
    /** IR version 7, the one that came with opset 13. */
    static final long IR_VERSION = 7;
    public static final String INPUT = "image";
    public static final String OUTPUT = "logits";

    private OnnxExport() {
    }

    /** Writes {@code model} to {@code file} as ONNX, atomically. */
    public static void write(TrainedModel model, Path file) throws IOException {
        ModelProto onnx = model(model.net().spec(), model.net().params(), ModelMetadata.of(model));
        AtomicFiles.write(file, onnx::writeTo);
    }

    /** The ONNX model of the net {@code spec} with {@code params} (in {@code Net.params()}'s order). */
    static ModelProto model(NetSpec spec, List<Param> params, Map<String, String> metadata) {
        GraphBuilder graph = new GraphBuilder(spec.name());
        Shape shape = spec.input();
        graph.input(INPUT, shape.channels(), shape.height(), shape.width());
        Iterator<Param> parameters = params.iterator();
        String x = INPUT;
        boolean flat = false;
        for (LayerSpec layer : spec.layers()) {
            if (layer instanceof LayerSpec.Conv conv) {
                x = conv(graph, conv, shape, x, parameters.next(), parameters.next());
            } else if (layer instanceof LayerSpec.Relu) {
                x = graph.node("Relu", layer.name(), List.of(x));
            } else if (layer instanceof LayerSpec.Tanh) {
                x = graph.node("Tanh", layer.name(), List.of(x));
            } else if (layer instanceof LayerSpec.Lrn lrn) {
                x = lrn(graph, lrn, x);
            } else if (layer instanceof LayerSpec.MaxPool pool) {
                x = graph.node("MaxPool", layer.name(), List.of(x), GraphBuilder.ints("kernel_shape", pool.size(),
                        pool.size()), GraphBuilder.ints("strides", pool.stride(), pool.stride()));
            } else if (layer instanceof LayerSpec.FullyConnected fc) {
                if (!flat) {
                    x = graph.node("Flatten", "flatten_" + layer.name(), List.of(x), GraphBuilder.integer("axis", 1));
                    flat = true;
                }
                x = fullyConnected(graph, fc, shape, x, parameters.next(), parameters.next());
            } else if (layer instanceof LayerSpec.Dropout drop) {
                x = dropout(graph, drop, x);
            } else if (!(layer instanceof LayerSpec.Softmax)) {
                throw new IllegalArgumentException("no ONNX form for layer " + layer);
            }
            shape = layer.output(shape);
        }
        graph.nodeWithOutputs("Identity", OUTPUT, List.of(x), List.of(OUTPUT));
        graph.output(OUTPUT, spec.classes());
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("alexnet")
                .setProducerVersion("0.1.0").setDocString("AlexNet (Krizhevsky, Sutskever, Hinton 2012), " + spec.name()
                        + ": input " + INPUT + ", output " + OUTPUT + " (no softmax); preprocessing and classes in "
                        + "metadata_props")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph.build());
        metadata.forEach((key, value) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build();
    }

    /** The project's conv weights [K][C/groups][R][S] are ONNX's layout as they are. */
    private static String conv(GraphBuilder graph, LayerSpec.Conv conv, Shape in, String x, Param weight, Param bias) {
        int perGroup = in.channels() / conv.groups();
        String w = graph.initializer(OnnxTensors.floats(weight.name(),
                new long[] {conv.kernels(), perGroup, conv.size(), conv.size()}, weight.value()));
        String b = graph.initializer(OnnxTensors.floats(bias.name(), new long[] {conv.kernels()}, bias.value()));
        return graph.node("Conv", conv.name(), List.of(x, w, b),
                GraphBuilder.ints("kernel_shape", conv.size(), conv.size()),
                GraphBuilder.ints("strides", conv.stride(), conv.stride()),
                GraphBuilder.ints("pads", conv.pad(), conv.pad(), conv.pad(), conv.pad()),
                GraphBuilder.integer("group", conv.groups()));
    }

    /**
     * ONNX's LRN divides alpha by size (as Caffe and PyTorch do): scale = bias + alpha / size * sum. The
     * project's kernel uses the paper's formula, scale = k + alpha * sum, with alpha not divided
     * (LocalResponseNorm); so ONNX's alpha is the paper's times size (1e-4 * 5), its bias the paper's k
     * (2), and the window the same 5 maps centred on each, clipped at the edges. ONNX's LRN has no groups:
     * the paper's per-GPU normalization is one LRN per group of maps between a Split and a Concat.
     */
    private static String lrn(GraphBuilder graph, LayerSpec.Lrn lrn, String x) {
        AttributeProto[] attributes = {GraphBuilder.integer("size", lrn.n()),
                GraphBuilder.real("alpha", lrn.alpha() * lrn.n()), GraphBuilder.real("beta", lrn.beta()),
                GraphBuilder.real("bias", lrn.k())};
        if (lrn.groups() == 1) {
            return graph.node("LRN", lrn.name(), List.of(x), attributes);
        }
        List<String> parts = new ArrayList<>();
        for (int g = 0; g < lrn.groups(); g++) {
            parts.add(lrn.name() + "_group" + g + "_in");
        }
        // Split with no sizes given cuts the maps into equal parts, one per output.
        graph.nodeWithOutputs("Split", lrn.name() + "_split", List.of(x), parts, GraphBuilder.integer("axis", 1));
        List<String> normalized = new ArrayList<>();
        for (int g = 0; g < lrn.groups(); g++) {
            normalized.add(graph.node("LRN", lrn.name() + "_group" + g, List.of(parts.get(g)), attributes));
        }
        return graph.node("Concat", lrn.name(), normalized, GraphBuilder.integer("axis", 1));
    }

    /** The project's fc weights are [inputs][outputs]; Gemm with transB = 1 takes them transposed. */
    private static String fullyConnected(GraphBuilder graph, LayerSpec.FullyConnected fc, Shape in, String x,
                                         Param weight, Param bias) {
        int inputs = in.size();
        int outputs = fc.outputs();
        float[] transposed = new float[weight.size()];
        for (int i = 0; i < inputs; i++) {
            for (int o = 0; o < outputs; o++) {
                transposed[o * inputs + i] = weight.value()[i * outputs + o];
            }
        }
        String w = graph.initializer(OnnxTensors.floats(weight.name(), new long[] {outputs, inputs}, transposed));
        String b = graph.initializer(OnnxTensors.floats(bias.name(), new long[] {outputs}, bias.value()));
        return graph.node("Gemm", fc.name(), List.of(x, w, b), GraphBuilder.integer("transB", 1));
    }

    /**
     * The paper's dropout at test time keeps every neuron and multiplies its output by 1 - p (0.5), as the
     * project's net does; ONNX's Dropout is the identity at inference (it scales while training instead), so
     * it would compute something else. Emitted as a Mul node rather than folded into the next Gemm's
     * weights, so that the graph shows the step and the fc initializers hold the trained weights as they are.
     */
    private static String dropout(GraphBuilder graph, LayerSpec.Dropout drop, String x) {
        String keep = graph.initializer(OnnxTensors.floats(drop.name() + ".keep", new long[0],
                new float[] {1f - drop.dropProbability()}));
        return graph.node("Mul", drop.name(), List.of(x, keep));
    }
}

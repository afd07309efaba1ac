package alexnet.net.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import alexnet.data.TrainingStatistics;
import alexnet.net.Net;
import alexnet.net.Param;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.NetSpec;
import alexnet.net.train.NetIdentity;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ONNX model of an AlexNet read into this project's net: the graph is walked from its image input
 * ({@link GraphWalker}), matched against the nets this project describes ({@link NetMatch}), and its
 * weights put where that net keeps them. What differs between the file's conventions and the project's is
 * converted so that the net computes what the graph computes: fc weights to [inputs][outputs]; ONNX's
 * Dropout (the identity at inference) against the project's test-time x0.5, by scaling the next fc
 * layer's weights by 2; a Caffe model's BGR input, by reversing conv1's input channels.
 */
public final class OnnxImport {

    /**
     * The net read, with its parameters set; the channel order its conv1 was taken in; and what the
     * model's metadata states, where it does: the training statistics (mean image), the classes as
     * {wnid, name} in the output's order, the epochs trained (0 where unknown).
     */
    public record Imported(NetIdentity identity, Net net, String channelOrder, Optional<TrainingStatistics> statistics,
                           Optional<List<String[]>> classes, int epochs) {
    }

    private OnnxImport() {
    }

    /**
     * Reads {@code file}; {@code channelOrder} ("RGB" or "BGR") is the order the model's conv1 expects,
     * null for the one its metadata states, or else BGR, the order of Caffe's models.
     */
    public static Imported read(Path file, String channelOrder) throws IOException {
        ModelProto model = parse(file);
        Map<String, String> metadata = new LinkedHashMap<>();
        for (StringStringEntryProto entry : model.getMetadataPropsList()) {
            metadata.put(entry.getKey(), entry.getValue());
        }
        try {
            List<GraphLayer> layers = GraphWalker.walk(new OnnxGraph(model.getGraph()));
            NetIdentity identity = NetMatch.find(layers, ModelMetadata.identity(metadata, NetMatch.classes(layers)));
            NetSpec spec = identity.spec();
            Optional<Float> scale = ModelMetadata.inputScale(metadata);
            if (scale.isPresent() && scale.get() != spec.inputScale()) {
                throw new IllegalArgumentException("its metadata scales the input by " + scale.get() + ", where "
                        + spec.name() + " takes it scaled by " + spec.inputScale());
            }
            String order = channelOrder != null ? channelOrder : ModelMetadata.channelOrder(metadata).orElse("BGR");
            if (!order.equals("RGB") && !order.equals("BGR")) {
                throw new IllegalArgumentException("channel order " + order + " (expected RGB or BGR)");
            }
            Net net = new Net(spec, 1, 0L);
            setParameters(net, layers, order.equals("BGR"));
            return new Imported(identity, net, order, ModelMetadata.statistics(metadata),
                    ModelMetadata.classes(metadata), ModelMetadata.trainedEpochs(metadata));
        } catch (IllegalArgumentException e) {
            throw new BadModelException(file, e.getMessage());
        }
    }

    private static ModelProto parse(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadModelException(file, "no such file");
        }
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.enableAliasing(true); // the weights stay in the file's bytes instead of being copied
        in.setSizeLimit(Integer.MAX_VALUE);
        ModelProto model;
        try {
            model = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new BadModelException(file, "not an ONNX model (" + e.getMessage() + ")");
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new BadModelException(file, "not an ONNX model (no graph)");
        }
        return model;
    }

    /**
     * The graph's weights into {@code net}, whose layers the graph's match one for one. A dropout that
     * scales by s where the project's test-time dropout scales by 1 - p is made up for in the fc layer that
     * follows it (every description has one there): its weights times s / (1 - p), 2 for ONNX's Dropout.
     */
    private static void setParameters(Net net, List<GraphLayer> layers, boolean bgr) {
        List<LayerSpec> specs = net.spec().layers();
        Iterator<Param> params = net.params().iterator();
        float pending = 1f;
        boolean first = true;
        for (int i = 0; i < layers.size(); i++) {
            GraphLayer layer = layers.get(i);
            if (layer instanceof GraphLayer.Conv conv) {
                float[] weight = bgr && first ? reverseChannels(conv) : conv.weight();
                copy(weight, params.next(), 1f);
                copy(conv.bias(), params.next(), 1f);
                first = false;
            } else if (layer instanceof GraphLayer.FullyConnected fc) {
                copy(fc.weight(), params.next(), pending);
                copy(fc.bias(), params.next(), 1f);
                pending = 1f;
            } else if (layer instanceof GraphLayer.Dropout drop) {
                pending = drop.scale() / (1f - ((LayerSpec.Dropout) specs.get(i)).dropProbability());
            }
        }
    }

    /** conv1's weights [K][3][R][S] with the input channels in the opposite order: BGR to RGB. */
    private static float[] reverseChannels(GraphLayer.Conv conv) {
        float[] weight = conv.weight();
        float[] reversed = new float[weight.length];
        int plane = conv.size() * conv.size();
        int channels = conv.mapsPerGroup();
        for (int k = 0; k < conv.kernels(); k++) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(weight, (k * channels + c) * plane, reversed,
                        (k * channels + channels - 1 - c) * plane, plane);
            }
        }
        return reversed;
    }

    private static void copy(float[] values, Param param, float factor) {
        for (int i = 0; i < values.length; i++) {
            param.value()[i] = values[i] * factor;
        }
    }
}

package alexnet.net.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A network description: input shape and scale, class count, weight initialisation, and the
 * layers from input to softmax. {@code inputScale} multiplies the mean-subtracted pixels (1: the
 * paper's centred raw 0..255 values), as Caffe's data layer "scale" does.
 * Built with the fluent methods so that a description reads like the paper's Figure 2;
 * variants (ablations, smaller nets) are made by transforming a description, not by copying it.
 */
public record NetSpec(String name, Shape input, int classes, WeightInit init, float inputScale,
                      List<LayerSpec> layers) {

    public NetSpec {
        layers = List.copyOf(layers);
    }

    public static NetSpec input(String name, int channels, int size, int classes) {
        return new NetSpec(name, new Shape(channels, size, size), classes, WeightInit.PAPER, 1f, List.of());
    }

    public NetSpec conv(String name, int kernels, int size, int stride, int pad, int groups, float biasInit) {
        return with(new LayerSpec.Conv(name, kernels, size, stride, pad, groups, biasInit));
    }

    public NetSpec relu(String name) {
        return with(new LayerSpec.Relu(name));
    }

    public NetSpec lrn(String name, int groups) {
        return with(LayerSpec.Lrn.paper(name, groups));
    }

    public NetSpec maxPool(String name, int size, int stride) {
        return with(new LayerSpec.MaxPool(name, size, stride));
    }

    public NetSpec fc(String name, int outputs, float biasInit) {
        return with(new LayerSpec.FullyConnected(name, outputs, biasInit));
    }

    public NetSpec dropout(String name, float dropProbability) {
        return with(new LayerSpec.Dropout(name, dropProbability));
    }

    public NetSpec softmax(String name) {
        return with(new LayerSpec.Softmax(name));
    }

    public NetSpec withInit(WeightInit newInit) {
        return new NetSpec(name, input, classes, newInit, inputScale, layers);
    }

    public NetSpec withInputScale(float newScale) {
        return new NetSpec(name, input, classes, init, newScale, layers);
    }

    /** The same net with every layer replaced by {@code change.apply(layer)}; null drops it. */
    public NetSpec mapLayers(String newName, UnaryOperator<LayerSpec> change) {
        List<LayerSpec> changed = new ArrayList<>();
        for (LayerSpec layer : layers) {
            LayerSpec replacement = change.apply(layer);
            if (replacement != null) {
                changed.add(replacement);
            }
        }
        return new NetSpec(newName, input, classes, init, inputScale, changed);
    }

    /** Per-layer shapes, parameters, neurons and FLOPs; also checks that the layers fit together. */
    public List<LayerInfo> describe() {
        List<LayerInfo> table = new ArrayList<>();
        Shape shape = input;
        for (LayerSpec layer : layers) {
            LayerInfo info = LayerInfo.of(layer, shape);
            table.add(info);
            shape = info.output();
        }
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Softmax)) {
            throw new IllegalArgumentException(name + ": a net must end with its softmax layer");
        }
        if (shape.size() != classes) {
            throw new IllegalArgumentException(name + ": the last layer gives " + shape.size()
                    + " outputs for " + classes + " classes");
        }
        return table;
    }

    public long parameterCount() {
        return describe().stream().mapToLong(LayerInfo::parameters).sum();
    }

    private NetSpec with(LayerSpec layer) {
        List<LayerSpec> more = new ArrayList<>(layers);
        more.add(layer);
        return new NetSpec(name, input, classes, init, inputScale, more);
    }
}

package alexnet.net.onnx;

import alexnet.net.spec.Architectures;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.NetSpec;
import alexnet.net.spec.Shape;
import alexnet.net.train.NetIdentity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which of this project's nets a graph's layers are: the net its metadata names, or else the first of
 * alexnet and small, with the fewest ablations, whose every layer the graph's match on that net's input
 * (names and initial biases aside). A graph that matches none is refused with the first layer where it
 * departs from the net it follows furthest.
 */
final class NetMatch {

    private NetMatch() {
    }

    /** The classes of a graph: the outputs of its last fully connected layer. */
    static int classes(List<GraphLayer> layers) {
        return layers.stream().filter(GraphLayer.FullyConnected.class::isInstance)
                .map(GraphLayer.FullyConnected.class::cast).reduce((first, second) -> second)
                .orElseThrow(() -> new IllegalArgumentException("no fully connected layer: not an AlexNet"))
                .outputs();
    }

    /** The net {@code layers} are: {@code named}, or the first of the candidates (see the class comment). */
    static NetIdentity find(List<GraphLayer> layers, Optional<NetIdentity> named) {
        // Logits or probabilities: the project's nets end with their softmax either way.
        List<GraphLayer> withSoftmax = new ArrayList<>(layers);
        if (withSoftmax.isEmpty() || !(withSoftmax.get(withSoftmax.size() - 1) instanceof GraphLayer.Softmax)) {
            withSoftmax.add(new GraphLayer.Softmax("the end of the graph"));
        }
        List<NetIdentity> candidates = named.map(List::of).orElseGet(() -> candidates(classes(layers)));
        NetIdentity closest = candidates.get(0);
        int furthest = -1;
        for (NetIdentity candidate : candidates) {
            int departure = departure(withSoftmax, candidate.spec());
            if (departure < 0) {
                return candidate;
            }
            if (departure > furthest) {
                furthest = departure;
                closest = candidate;
            }
        }
        throw new IllegalArgumentException(difference(withSoftmax, closest.spec(), furthest));
    }

    /** alexnet and small for {@code classes}, each without and with every set of ablations, fewest first. */
    private static List<NetIdentity> candidates(int classes) {
        List<Architectures.Ablation> all = Arrays.asList(Architectures.Ablation.values());
        List<List<Architectures.Ablation>> sets = new ArrayList<>();
        for (int mask = 0; mask < 1 << all.size(); mask++) {
            List<Architectures.Ablation> set = new ArrayList<>();
            for (int a = 0; a < all.size(); a++) {
                if ((mask & 1 << a) != 0) {
                    set.add(all.get(a));
                }
            }
            sets.add(set);
        }
        sets.sort(Comparator.comparingInt(List::size));
        List<NetIdentity> candidates = new ArrayList<>();
        for (String base : List.of("alexnet", "small")) {
            sets.forEach(set -> candidates.add(new NetIdentity(base, set, classes)));
        }
        return candidates;
    }

    /** The index of the first layer of {@code layers} that is not {@code spec}'s; -1 when all are. */
    private static int departure(List<GraphLayer> layers, NetSpec spec) {
        Shape shape = spec.input();
        List<LayerSpec> expected = spec.layers();
        for (int i = 0; i < Math.min(layers.size(), expected.size()); i++) {
            if (!layers.get(i).matches(expected.get(i), shape)) {
                return i;
            }
            shape = expected.get(i).output(shape);
        }
        return layers.size() == expected.size() ? -1 : Math.min(layers.size(), expected.size());
    }

    private static String difference(List<GraphLayer> layers, NetSpec spec, int at) {
        List<LayerSpec> expected = spec.layers();
        if (at >= layers.size()) {
            return "its architecture is not " + spec.name() + "'s: the graph ends after " + layers.size()
                    + " layers, where " + spec.name() + " goes on with "
                    + expected.get(at).name() + " [" + expected.get(at).type() + "]";
        }
        GraphLayer found = layers.get(at);
        if (at >= expected.size()) {
            return "its architecture is not " + spec.name() + "'s: " + found.node() + " [" + found.describe()
                    + "] comes after its last layer";
        }
        Shape in = spec.input();
        for (int i = 0; i < at; i++) {
            in = expected.get(i).output(in);
        }
        return "its architecture is not " + spec.name() + "'s: " + found.node() + " is [" + found.describe()
                + "] where " + spec.name() + "'s " + expected.get(at).name() + " is [" + describe(expected.get(at), in)
                + "]";
    }

    private static String describe(LayerSpec layer, Shape in) {
        if (layer instanceof LayerSpec.Conv conv) {
            return conv.type() + ", " + conv.kernels() + " kernels over " + in.channels() + " maps";
        }
        if (layer instanceof LayerSpec.FullyConnected fc) {
            return "fully connected, " + in.size() + " -> " + fc.outputs();
        }
        if (layer instanceof LayerSpec.MaxPool) {
            return layer.type() + " on " + in.height() + "x" + in.width() + " maps";
        }
        return layer.type();
    }
}

package alexnet.net.spec;

/** One row of a description's layer table, for one example. */
public record LayerInfo(LayerSpec spec, Shape input, Shape output, long parameters, long neurons,
                        long forwardFlops) {

    static LayerInfo of(LayerSpec layer, Shape in) {
        return new LayerInfo(layer, in, layer.output(in), layer.parameters(in), layer.neurons(in),
                layer.forwardFlops(in));
    }
}

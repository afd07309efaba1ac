package alexnet.net.layers;

import alexnet.kernels.Dropout;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.Shape;

/**
 * Dropout as the paper: while training each neuron is zeroed with probability p; at test time
 * all are kept and their outputs multiplied by 1 - p. The mask is a pure function of the run's
 * seed, this layer's position, the step and the element, so it needs no storage, is the same on
 * every device and thread, and a resumed run draws the same masks.
 */
public final class DropoutLayer implements Layer {

    private final LayerSpec.Dropout spec;
    private final Shape shape;
    private final long layerSeed;
    private long stepSeed;
    /** The index of the first element of the pass's batch in its step's whole batch (see {@link Pass}). */
    private int elementOffset;

    DropoutLayer(LayerSpec.Dropout spec, Shape shape, long runSeed, int layerIndex) {
        this.spec = spec;
        this.shape = shape;
        this.layerSeed = runSeed * 0x9E3779B97F4A7C15L + layerIndex;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public void forward(Blob in, Blob out, int batch, Pass pass, JvmExecutor device) {
        int elements = batch * shape.size();
        float p = spec.dropProbability();
        if (pass.training()) {
            stepSeed = seedAt(pass.step());
            elementOffset = pass.firstExample() * shape.size();
            long seed = stepSeed;
            int offset = elementOffset;
            int whole = shape.size();
            if (offset == 0) {
                device.parallelFor(elements, (first, count) -> Dropout.forward(in.data(), out.data(), seed, p, first,
                        count));
            } else {
                // Element i of this part is element offset + i of the whole batch: forwardSlice with the part as
                // a "slice" as wide as the whole gives each the whole batch's mask.
                device.parallelFor(elements, (first, count) -> Dropout.forwardSlice(in.data(), out.data(), seed, p,
                        whole, whole, offset, first, count));
            }
        } else {
            device.parallelFor(elements, (first, count) -> Dropout.inference(in.data(), out.data(), p, first, count));
        }
    }

    /** The mask seed of training step {@code step}; other executors (TornadoVM) use it to draw the same masks. */
    public long seedAt(long step) {
        return layerSeed ^ (step * 0xD1B54A32D192ED03L);
    }

    @Override
    public void backward(Blob in, Blob out, int batch, boolean propagateDown, JvmExecutor device) {
        long seed = stepSeed;
        float p = spec.dropProbability();
        int offset = elementOffset;
        int whole = shape.size();
        if (offset == 0) {
            device.parallelFor(batch * whole, (first, count) ->
                    Dropout.backward(out.grad(), in.grad(), seed, p, first, count));
        } else {
            device.parallelFor(batch * whole, (first, count) ->
                    Dropout.backwardSlice(out.grad(), in.grad(), seed, p, whole, whole, offset, first, count));
        }
    }
}

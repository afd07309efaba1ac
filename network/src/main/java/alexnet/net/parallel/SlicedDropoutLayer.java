package alexnet.net.parallel;

import alexnet.kernels.Dropout;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.layers.DropoutLayer;
import alexnet.net.spec.Shape;

/**
 * Dropout on one device's slice of a layer's outputs, drawing for each neuron the mask the
 * one-device net draws for it: the one-device {@link DropoutLayer} keys the mask of element i on i,
 * the flat index into the whole [batch][C][H][W] tensor; a device holding channels lo..hi-1 stores
 * that neuron at another index, so element t of its slice asks for index
 * {@code (t / slice) * whole + lo * plane + t % slice}. Seeds come from the one-device layer at the
 * same position in the description, so both nets drop the same neurons at every step.
 */
public final class SlicedDropoutLayer implements Layer {

    private final DropoutLayer reference;
    private final String name;
    private final Shape shape;
    private final float dropProbability;
    private final int slice;
    private final int whole;
    private final int offset;
    private long stepSeed;

    /**
     * @param reference the one-device layer (built for the whole tensor at this layer's index)
     * @param full      shape of the whole tensor per example
     * @param lo        first channel of this device's slice
     * @param hi        one past its last channel
     */
    SlicedDropoutLayer(DropoutLayer reference, float dropProbability, Shape full, int lo, int hi) {
        this.reference = reference;
        this.name = reference.name();
        this.dropProbability = dropProbability;
        int plane = full.height() * full.width();
        this.shape = new Shape(hi - lo, full.height(), full.width());
        this.slice = (hi - lo) * plane;
        this.whole = full.size();
        this.offset = lo * plane;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public void forward(Blob in, Blob out, int batch, Pass pass, JvmExecutor device) {
        float p = dropProbability;
        if (pass.training()) {
            stepSeed = seedAt(pass.step());
            long seed = stepSeed;
            device.parallelFor(batch * slice, (first, count) ->
                    Dropout.forwardSlice(in.data(), out.data(), seed, p, slice, whole, offset, first, count));
        } else {
            device.parallelFor(batch * slice, (first, count) -> Dropout.inference(in.data(), out.data(), p, first, count));
        }
    }

    @Override
    public void backward(Blob in, Blob out, int batch, boolean propagateDown, JvmExecutor device) {
        long seed = stepSeed;
        float p = dropProbability;
        device.parallelFor(batch * slice, (first, count) ->
                Dropout.backwardSlice(out.grad(), in.grad(), seed, p, slice, whole, offset, first, count));
    }

    /** The mask seed of training step {@code step}: the one-device layer's. */
    public long seedAt(long step) {
        return reference.seedAt(step);
    }

    /** Neurons of the whole tensor per example. */
    public int whole() {
        return whole;
    }

    /** Index of this slice's first neuron within an example of the whole tensor. */
    public int offset() {
        return offset;
    }
}

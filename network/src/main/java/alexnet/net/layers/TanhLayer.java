package alexnet.net.layers;

import alexnet.kernels.Activations;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.spec.Shape;

/** tanh, the saturating nonlinearity the paper compares ReLU against. */
public final class TanhLayer implements Layer {

    private final String name;
    private final Shape shape;

    TanhLayer(String name, Shape shape) {
        this.name = name;
        this.shape = shape;
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
        device.parallelFor(batch * shape.size(), (first, count) ->
                Activations.tanhForward(in.data(), out.data(), first, count));
    }

    @Override
    public void backward(Blob in, Blob out, int batch, boolean propagateDown, JvmExecutor device) {
        device.parallelFor(batch * shape.size(), (first, count) ->
                Activations.tanhBackward(out.data(), out.grad(), in.grad(), first, count));
    }
}

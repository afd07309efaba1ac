package alexnet.net.layers;

import alexnet.kernels.Activations;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.spec.Shape;

/** ReLU, f(x) = max(0, x), element-wise over [batch][any shape]. */
public final class ReluLayer implements Layer {

    private final String name;
    private final Shape shape;

    ReluLayer(String name, Shape shape) {
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
                Activations.reluForward(in.data(), out.data(), first, count));
    }

    @Override
    public void backward(Blob in, Blob out, int batch, boolean propagateDown, JvmExecutor device) {
        device.parallelFor(batch * shape.size(), (first, count) ->
                Activations.reluBackward(out.data(), out.grad(), in.grad(), first, count));
    }
}

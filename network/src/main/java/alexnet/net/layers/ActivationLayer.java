package alexnet.net.layers;

import alexnet.kernels.Activations;
import alexnet.kernels.JvmExecutor;
import alexnet.kernels.host.HostKernels;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.spec.Shape;

/**
 * An element-wise nonlinearity over [batch][any shape]: the paper's ReLU, f(x) = max(0, x), or
 * the saturating tanh it compares ReLU against. Backward reads forward's output.
 */
public final class ActivationLayer implements Layer {

    /** Which nonlinearity. */
    public enum Function {
        RELU, TANH
    }

    private final String name;
    private final Shape shape;
    private final Function function;

    ActivationLayer(String name, Shape shape, Function function) {
        this.name = name;
        this.shape = shape;
        this.function = function;
    }

    public Function function() {
        return function;
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
        device.parallelFor(batch * shape.size(), (first, count) -> {
            if (function == Function.RELU) {
                Activations.reluForward(in.data(), out.data(), first, count);
            } else {
                Activations.tanhForward(in.data(), out.data(), first, count);
            }
        });
    }

    @Override
    public void backward(Blob in, Blob out, int batch, boolean propagateDown, JvmExecutor device) {
        device.parallelFor(batch * shape.size(), (first, count) -> {
            if (function == Function.RELU) {
                HostKernels.reluBackward(out.data(), out.grad(), in.grad(), first, count);
            } else {
                Activations.tanhBackward(out.data(), out.grad(), in.grad(), first, count);
            }
        });
    }
}

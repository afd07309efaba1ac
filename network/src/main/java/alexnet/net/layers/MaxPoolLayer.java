package alexnet.net.layers;

import alexnet.kernels.JvmExecutor;
import alexnet.kernels.MaxPool;
import alexnet.kernels.host.HostKernels;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.Shape;

/** Max-pooling of each map; the argmax of every window is kept from forward for backward. */
public final class MaxPoolLayer implements Layer {

    private final LayerSpec.MaxPool spec;
    private final Shape in;
    private final Shape out;
    private final int[] argmax;

    MaxPoolLayer(LayerSpec.MaxPool spec, Shape in, int maxBatch) {
        this.spec = spec;
        this.in = in;
        this.out = spec.output(in);
        this.argmax = new int[out.size() * maxBatch];
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Shape outputShape() {
        return out;
    }

    @Override
    public void forward(Blob input, Blob output, int batch, Pass pass, JvmExecutor device) {
        device.parallelFor(batch * in.channels(), (first, count) -> HostKernels.maxPoolForward(input.data(), output.data(), argmax,
                batch, in.channels(), in.height(), in.width(), spec.size(), spec.stride(), out.height(), out.width(),
                first, count));
    }

    @Override
    public void backward(Blob input, Blob output, int batch, boolean propagateDown, JvmExecutor device) {
        device.parallelFor(batch * in.channels(), (first, count) -> MaxPool.backward(output.grad(), argmax,
                input.grad(), batch, in.channels(), in.height(), in.width(), out.height(), out.width(), first, count));
    }
}

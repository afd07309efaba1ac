package alexnet.net.layers;

import alexnet.kernels.JvmExecutor;
import alexnet.kernels.host.HostKernels;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.Shape;

/**
 * Local response normalization across maps. With groups, each group of maps is normalized on
 * its own: in NCHW a group's maps are contiguous, so [batch][groups * m][plane] is handed to the
 * kernel as [batch * groups][m][plane].
 */
public final class LrnLayer implements Layer {

    private final LayerSpec.Lrn spec;
    private final Shape shape;
    /** k + alpha * (window sum of squares), kept from forward for backward. */
    private final float[] scale;

    LrnLayer(LayerSpec.Lrn spec, Shape shape, int maxBatch) {
        this.spec = spec;
        this.shape = spec.output(shape);
        this.scale = new float[shape.size() * maxBatch];
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
        int images = batch * spec.groups();
        int maps = shape.channels() / spec.groups();
        int plane = shape.height() * shape.width();
        device.parallelFor(images * maps, (first, count) -> HostKernels.lrnForward(in.data(), out.data(), scale,
                images, maps, plane, spec.k(), spec.n(), spec.alpha(), spec.beta(), first, count));
    }

    @Override
    public void backward(Blob in, Blob out, int batch, boolean propagateDown, JvmExecutor device) {
        int images = batch * spec.groups();
        int maps = shape.channels() / spec.groups();
        int plane = shape.height() * shape.width();
        device.parallelFor(images * maps, (first, count) -> HostKernels.lrnBackward(in.data(), out.data(), scale,
                out.grad(), in.grad(), images, maps, plane, spec.n(), spec.alpha(), spec.beta(), first, count));
    }
}

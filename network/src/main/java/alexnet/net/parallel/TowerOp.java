package alexnet.net.parallel;

import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.spec.LayerSpec;

/** One entry of a device's program: a layer of its tower, or an exchange with the other device. */
abstract class TowerOp {

    /** The layer's name in the description ("conv3"), or "exchange pool2 -> conv3". */
    final String name;

    TowerOp(String name) {
        this.name = name;
    }

    abstract void forward(JvmDevice device, int batch, Layer.Pass pass, StepSync sync);

    abstract void backward(JvmDevice device, int batch, StepSync sync);

    /** A layer of the tower, run by the device's kernels on its own blobs. */
    static final class LayerOp extends TowerOp {
        /** The tower's description of the layer: the device's half of a split layer. */
        final LayerSpec spec;
        final Layer layer;
        final Blob in;
        final Blob out;
        final boolean propagateDown;

        LayerOp(String name, LayerSpec spec, Layer layer, Blob in, Blob out, boolean propagateDown) {
            super(name);
            this.spec = spec;
            this.layer = layer;
            this.in = in;
            this.out = out;
            this.propagateDown = propagateDown;
        }

        @Override
        void forward(JvmDevice device, int batch, Layer.Pass pass, StepSync sync) {
            layer.forward(in, out, batch, pass, device.kernels());
        }

        @Override
        void backward(JvmDevice device, int batch, StepSync sync) {
            layer.backward(in, out, batch, propagateDown, device.kernels());
        }
    }
}

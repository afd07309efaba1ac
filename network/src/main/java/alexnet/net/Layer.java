package alexnet.net;

import alexnet.kernels.JvmExecutor;
import alexnet.net.spec.Shape;
import java.util.List;
import java.util.Random;

/**
 * One layer, Caffe style: built from its description for an input shape and a largest batch,
 * then {@link #forward} fills the output blob from the input blob and {@link #backward} fills
 * the input blob's gradient (and the parameters' gradients) from the output blob's gradient.
 * Every computation is a kernel call of module tornado-kernels, run on the device's executor.
 */
public interface Layer {

    String name();

    Shape outputShape();

    /**
     * What forward needs to know beyond the data: train or test, the step for dropout masks, and where the
     * batch's first example sits in the step's whole batch: a worker of a data-parallel run that trains
     * examples 64..127 of a batch of 128 draws the masks the one-machine net draws for them.
     */
    record Pass(boolean training, long step, int firstExample) {

        /** A pass over a whole batch. */
        public Pass(boolean training, long step) {
            this(training, step, 0);
        }
    }

    void forward(Blob in, Blob out, int batch, Pass pass, JvmExecutor device);

    /**
     * Gradient with respect to the input ({@code in.grad()}, overwritten) and to the parameters
     * (overwritten, not accumulated). {@code propagateDown} is false for the first layer, whose
     * input gradient nobody reads.
     */
    void backward(Blob in, Blob out, int batch, boolean propagateDown, JvmExecutor device);

    /** Learned parameters, in a fixed order; none for most layers. */
    default List<Param> params() {
        return List.of();
    }

    /** The paper's initialisation: weights N(0, 0.01), biases as the description says. */
    default void initialize(Random random) {
    }
}

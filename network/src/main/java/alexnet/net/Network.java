package alexnet.net;

import alexnet.kernels.JvmExecutor;
import alexnet.kernels.Sgd;
import alexnet.net.spec.NetSpec;
import java.util.List;

/**
 * What the trainer and the evaluator need of a net: the one-device {@link Net}, or a net whose
 * layers are split across several devices ({@code alexnet.net.parallel.TwoDeviceNet}). A net
 * that owns its devices runs its work on them and ignores the {@code device} arguments.
 */
public interface Network extends AutoCloseable {

    NetSpec spec();

    int maxBatch();

    /** Where the caller writes a batch of images (NCHW) before {@link #forward}. */
    Blob input();

    /** Runs the batch in {@link #input()}; returns the mean cross-entropy loss for {@code labels}. */
    float forward(int[] labels, int batch, Layer.Pass pass, JvmExecutor device);

    /** Gradients of the last forward's mean loss with respect to every parameter. */
    void backward(int batch, JvmExecutor device);

    /** Softmax output of the last forward: [batch][classes]. */
    float[] probabilities();

    /** Every parameter, in a fixed order (the order of checkpoints). */
    List<Param> params();

    /** Initialises every parameter as the description says, reproducibly from {@code seed}. */
    void initialize(long seed);

    /**
     * The paper's SGD step with momentum and weight decay on every parameter, from the gradients of
     * the last {@link #backward}.
     */
    default void update(float rate, float momentum, float weightDecay, JvmExecutor device) {
        for (Param param : params()) {
            device.parallelFor(param.size(), (first, count) -> Sgd.update(param.value(), param.velocity(),
                    param.grad(), rate, momentum, weightDecay, first, count));
        }
    }

    /**
     * One SGD step on the batch in {@link #input()}: the training forward ({@code step} seeds the
     * dropout masks), then, only if the loss is finite, {@link #backward} and {@link #update}. Returns
     * the mean loss; {@link #probabilities()} then holds the forward's softmax output.
     *
     * <p>This default is what the trainer runs on the JVM nets. A net that runs the whole step as one
     * fused unit on its own device (a TornadoVM task graph) overrides it: it may then have updated the
     * parameters even when the loss it returns is not finite, and its own {@link #forward} in training
     * mode, {@link #backward} and {@link #update} need not support being called separately.
     */
    default float trainStep(int[] labels, int batch, long step, float rate, float momentum, float weightDecay,
                            JvmExecutor device) {
        float loss = forward(labels, batch, new Layer.Pass(true, step), device);
        if (Float.isFinite(loss)) {
            backward(batch, device);
            update(rate, momentum, weightDecay, device);
        }
        return loss;
    }

    /** Releases the net's own threads, if it has any. */
    @Override
    default void close() {
    }
}

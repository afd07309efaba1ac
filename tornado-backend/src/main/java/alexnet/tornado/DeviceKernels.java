package alexnet.tornado;

import alexnet.kernels.Dropout;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The two kernels of a training step whose scalar changes every step, with that scalar read from a
 * one-element array instead. TornadoVM specialises a task's scalars into the compiled kernel, so a
 * new dropout seed (every step) or learning rate (when the schedule divides it) would otherwise mean
 * a new task graph and a new compilation. The bodies are those of {@link Dropout#forwardSlice},
 * {@link Dropout#backwardSlice} and {@link alexnet.kernels.Sgd#update} line for line (same
 * {@link Dropout#uniform}, same arithmetic, hence bit-identical results on the JVM); the portability
 * suite checks them against the originals on every device. The original kernels stay the reference and
 * the JVM path; their signatures are unchanged.
 */
public final class DeviceKernels {

    private DeviceKernels() {
    }

    /** {@link Dropout#forwardSlice} with the seed in {@code seed[0]} (one device: slice = whole, offset 0). */
    public static void dropoutForward(float[] in, float[] out, long[] seed, float dropProbability, int slice, int whole,
                                      int offset, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            int neuron = (i / slice) * whole + offset + i % slice;
            out[i] = Dropout.uniform(seed[0], neuron) >= dropProbability ? in[i] : 0f;
        }
    }

    /** {@link Dropout#backwardSlice} with the seed in {@code seed[0]}. */
    public static void dropoutBackward(float[] outGrad, float[] inGrad, long[] seed, float dropProbability, int slice,
                                       int whole, int offset, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            int neuron = (i / slice) * whole + offset + i % slice;
            inGrad[i] = Dropout.uniform(seed[0], neuron) >= dropProbability ? outGrad[i] : 0f;
        }
    }

    /** {@link alexnet.kernels.Sgd#update} with the learning rate in {@code learningRate[0]}. */
    public static void sgdUpdate(float[] weights, float[] velocity, float[] grad, float[] learningRate,
                                 float momentum, float weightDecay, int first, int count) {
        float rate = learningRate[0];
        float decay = weightDecay * rate;
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            float v = momentum * velocity[i] - decay * weights[i] - rate * grad[i];
            velocity[i] = v;
            weights[i] += v;
        }
    }
}

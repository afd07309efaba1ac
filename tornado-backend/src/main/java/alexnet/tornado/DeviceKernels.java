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

    /**
     * {@link alexnet.kernels.Gemm#nn} as a plain {@code @Parallel} loop over the elements of C, with
     * {@code accumulate} as an int (0 or 1): OpenCL C forbids {@code bool} kernel parameters, so
     * {@code Gemm.nn(..., boolean accumulate, ...)} does not compile on an OpenCL device (the portability
     * suite shows it). Summation order is Gemm's, p = 0 .. k-1 with one rounded multiply and add each
     * (Gemm's four-term line {@code c + a0 b0 + a1 b1 + a2 b2 + a3 b3} adds left to right), so on the JVM
     * the result is bit-identical to Gemm.nn. One work item per element of C suits a GPU better than Gemm's
     * CPU tiles (tiles(8, 256) is one work item).
     * <pre>
     * a: [m][k] at aOff    b: [k][n] at bOff    c: [m][n] at cOff
     * parallel: m * n elements of C
     * </pre>
     */
    public static void gemmNn(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k,
                              int accumulate, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int e = first + t;
            int i = e / n;
            int j = e % n;
            float sum = accumulate != 0 ? c[cOff + e] : 0f;
            for (int p = 0; p < k; p++) {
                sum += a[aOff + i * k + p] * b[bOff + p * n + j];
            }
            c[cOff + e] = sum;
        }
    }

    /**
     * {@link alexnet.kernels.Gemm#tn} as a plain loop over the elements of C (see {@link #gemmNn}).
     * <pre>
     * a: [k][m] at aOff    b: [k][n] at bOff    c: [m][n] at cOff
     * parallel: m * n elements of C
     * </pre>
     */
    public static void gemmTn(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k,
                              int accumulate, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int e = first + t;
            int i = e / n;
            int j = e % n;
            float sum = accumulate != 0 ? c[cOff + e] : 0f;
            for (int p = 0; p < k; p++) {
                sum += a[aOff + p * m + i] * b[bOff + p * n + j];
            }
            c[cOff + e] = sum;
        }
    }
}

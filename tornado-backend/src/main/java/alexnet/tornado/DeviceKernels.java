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
     * {@code accumulate} (0 or 1) for Gemm's beta: one work item per element of C suits a GPU better than
     * Gemm's CPU tiles (a tile of 32 x 512 elements is one work item). Summation order is Gemm's,
     * p = 0 .. k-1 with one rounded multiply and add each, so on the JVM the result is bit-identical to
     * Gemm.nn with beta 0 or 1.
     * <pre>
     * a: [m][k] at aOff    b: [k][n] at bOff    c: [m][n] at cOff
     * parallel: m * n elements of C
     * </pre>
     */
    public static void gemmNn(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k,
                              int accumulate, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int e = first + t;
            c[cOff + e] = element(a, aOff, k, 1, b, bOff, accumulate != 0 ? c[cOff + e] : 0f, n, k, e);
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
            c[cOff + e] = element(a, aOff, 1, m, b, bOff, accumulate != 0 ? c[cOff + e] : 0f, n, k, e);
        }
    }

    /**
     * Element e of C (row e / n, column e % n): {@code start} plus the dot product of A's row (element
     * p at {@code aOff + row * aRowStride + p * aDepthStride}, so the same code reads A or A^T, as
     * Gemm's tiles do) with B's column, p = 0 .. k-1 in order.
     */
    private static float element(float[] a, int aOff, int aRowStride, int aDepthStride, float[] b, int bOff,
                                 float start, int n, int k, int e) {
        int i = e / n;
        int j = e % n;
        float sum = start;
        for (int p = 0; p < k; p++) {
            sum += a[aOff + i * aRowStride + p * aDepthStride] * b[bOff + p * n + j];
        }
        return sum;
    }
}

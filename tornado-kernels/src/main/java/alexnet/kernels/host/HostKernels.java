package alexnet.kernels.host;

import alexnet.kernels.Activations;
import alexnet.kernels.LocalResponseNorm;
import alexnet.kernels.MaxPool;

/**
 * What the JVM device runs for the kernels that have a fast path besides GEMM (see {@link HostGemm}):
 * the Vector API ones when the JVM has the Vector API, else the plain kernel; {@link RingLrn}, plain
 * Java, always. Same arguments, same results (bit for bit), either way.
 */
public final class HostKernels {

    private HostKernels() {
    }

    /** {@link Activations#reluBackward}, through {@link VectorActivations} when it can. */
    public static void reluBackward(float[] out, float[] outGrad, float[] inGrad, int first, int count) {
        if (HostGemm.VECTORIZED) {
            VectorActivations.reluBackward(out, outGrad, inGrad, first, count);
        } else {
            Activations.reluBackward(out, outGrad, inGrad, first, count);
        }
    }

    /** {@link MaxPool#forward}, through {@link VectorMaxPool} when it can. */
    public static void maxPoolForward(float[] in, float[] out, int[] argmax, int batch, int channels,
                                      int height, int width, int window, int stride, int outHeight, int outWidth,
                                      int first, int count) {
        if (HostGemm.VECTORIZED) {
            VectorMaxPool.forward(in, out, argmax, batch, channels, height, width, window, stride, outHeight,
                    outWidth, first, count);
        } else {
            MaxPool.forward(in, out, argmax, batch, channels, height, width, window, stride, outHeight, outWidth,
                    first, count);
        }
    }

    /** {@link LocalResponseNorm#backward}, through {@link RingLrn}. */
    public static void lrnBackward(float[] in, float[] out, float[] scale, float[] outGrad, float[] inGrad,
                                   int batch, int channels, int plane, int size, float alpha, float beta,
                                   int first, int count) {
        RingLrn.backward(in, out, scale, outGrad, inGrad, batch, channels, plane, size, alpha, beta, first, count);
    }
}

package alexnet.kernels.host;

import alexnet.kernels.Activations;
import alexnet.kernels.Bias;
import alexnet.kernels.Gemm;
import alexnet.kernels.Im2col;
import alexnet.kernels.LocalResponseNorm;
import alexnet.kernels.MaxPool;

/**
 * What the JVM device runs for the kernels that have a Vector API fast path besides GEMM (see
 * {@link HostGemm}): the fast path when the JVM has the Vector API (and, for LRN, the paper's beta),
 * else the plain kernel. Same arguments, same results (bit for bit), either way, except a
 * convolution's bias gradient, which {@link VectorBias} sums in another order.
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

    /** {@link Bias#backward}, through {@link VectorBias} when it can. */
    public static void biasBackward(float[] outGrad, float[] biasGrad, int batch, int channels, int plane,
                                    int first, int count) {
        if (HostGemm.VECTORIZED) {
            VectorBias.backward(outGrad, biasGrad, batch, channels, plane, first, count);
        } else {
            Bias.backward(outGrad, biasGrad, batch, channels, plane, first, count);
        }
    }

    /** {@link Im2col#im2col}, through {@link VectorIm2col} when it can. */
    public static void im2col(float[] in, int inOff, float[] col, int channels, int height, int width,
                              int kernelSize, int stride, int pad, int outHeight, int outWidth, int first, int count) {
        if (HostGemm.VECTORIZED) {
            VectorIm2col.im2col(in, inOff, col, channels, height, width, kernelSize, stride, pad, outHeight, outWidth,
                    first, count);
        } else {
            Im2col.im2col(in, inOff, col, channels, height, width, kernelSize, stride, pad, outHeight, outWidth,
                    first, count);
        }
    }

    /** {@link Im2col#im2row}, through {@link VectorIm2row} when it can. */
    public static void im2row(float[] in, int inOff, float[] row, int channels, int height, int width,
                              int kernelSize, int stride, int pad, int outHeight, int outWidth, int first, int count) {
        if (HostGemm.VECTORIZED) {
            VectorIm2row.im2row(in, inOff, row, channels, height, width, kernelSize, stride, pad, outHeight, outWidth,
                    first, count);
        } else {
            Im2col.im2row(in, inOff, row, channels, height, width, kernelSize, stride, pad, outHeight, outWidth,
                    first, count);
        }
    }

    /** {@link Gemm#transpose}, through {@link VectorTranspose} when it can. */
    public static void transpose(float[] src, int srcOff, float[] dst, int dstOff, int rows, int cols, int first,
                                 int count) {
        if (HostGemm.VECTORIZED) {
            VectorTranspose.transpose(src, srcOff, dst, dstOff, rows, cols, first, count);
        } else {
            Gemm.transpose(src, srcOff, dst, dstOff, rows, cols, first, count);
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

    /** {@link LocalResponseNorm#forward}, through {@link VectorLrn} when it can (the paper's beta, 3/4). */
    public static void lrnForward(float[] in, float[] out, float[] scale, int batch, int channels, int plane,
                                  float k, int size, float alpha, float beta, int first, int count) {
        if (HostGemm.VECTORIZED && beta == 0.75f) {
            VectorLrn.forward(in, out, scale, batch, channels, plane, k, size, alpha, beta, first, count);
        } else {
            LocalResponseNorm.forward(in, out, scale, batch, channels, plane, k, size, alpha, beta, first, count);
        }
    }

    /** {@link LocalResponseNorm#backward}, through {@link RingLrn} when it can (the paper's beta, 3/4). */
    public static void lrnBackward(float[] in, float[] out, float[] scale, float[] outGrad, float[] inGrad,
                                   int batch, int channels, int plane, int size, float alpha, float beta,
                                   int first, int count) {
        if (HostGemm.VECTORIZED && beta == 0.75f) {
            RingLrn.backward(in, out, scale, outGrad, inGrad, batch, channels, plane, size, alpha, beta, first,
                    count);
        } else {
            LocalResponseNorm.backward(in, out, scale, outGrad, inGrad, batch, channels, plane, size, alpha, beta,
                    first, count);
        }
    }
}

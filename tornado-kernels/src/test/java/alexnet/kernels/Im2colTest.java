package alexnet.kernels;

import static alexnet.kernels.TestSupport.assertClose;
import static alexnet.kernels.TestSupport.gaussian;
import static alexnet.kernels.TestSupport.poisoned;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class Im2colTest {

    private static final JvmExecutor EXEC = new JvmExecutor(2);
    private static final Random RANDOM = new Random(2012);

    @AfterAll
    static void close() {
        EXEC.close();
    }

    /**
     * A random geometry: channels, height, width, kernelSize, stride, pad (odd sizes, strides,
     * padding, and inputs narrower than the kernel where the padding makes up for it).
     */
    private static int[] geometry() {
        int kernelSize = new int[] {1, 3, 5, 11}[RANDOM.nextInt(4)];
        int stride = 1 + RANDOM.nextInt(4);
        int pad = RANDOM.nextInt(Math.min(kernelSize, 3));
        int smallest = Math.max(1, kernelSize - 2 * pad);
        return new int[] {1 + RANDOM.nextInt(4), smallest + RANDOM.nextInt(12), smallest + RANDOM.nextInt(12),
                kernelSize, stride, pad};
    }

    @RepeatedTest(20)
    void im2colCopiesWhatEachOutputPositionReads() {
        int[] g = geometry();
        int c = g[0], h = g[1], w = g[2], k = g[3], stride = g[4], pad = g[5];
        int p = Convolution.outputSize(h, k, stride, pad);
        int q = Convolution.outputSize(w, k, stride, pad);
        int offset = 7;
        float[] in = gaussian(RANDOM, offset + c * h * w, 1);
        float[] col = poisoned(c * k * k * p * q);
        EXEC.parallelFor(c * k * k, (first, count) -> Im2col.im2col(in, offset, col, c, h, w, k, stride, pad, p, q,
                first, count));
        double[] expected = new double[col.length];
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < k; r++) {
                for (int s = 0; s < k; s++) {
                    for (int y = 0; y < p; y++) {
                        for (int x = 0; x < q; x++) {
                            int iy = y * stride + r - pad;
                            int ix = x * stride + s - pad;
                            boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                            expected[((ch * k + r) * k + s) * p * q + y * q + x] =
                                    inside ? in[offset + (ch * h + iy) * w + ix] : 0;
                        }
                    }
                }
            }
        }
        assertClose(expected, col, 0, 0, "im2col " + java.util.Arrays.toString(g));
    }

    @RepeatedTest(20)
    void im2rowIsTheTransposeOfIm2col() {
        int[] g = geometry();
        int c = g[0], h = g[1], w = g[2], k = g[3], stride = g[4], pad = g[5];
        int p = Convolution.outputSize(h, k, stride, pad);
        int q = Convolution.outputSize(w, k, stride, pad);
        int rows = c * k * k;
        float[] in = gaussian(RANDOM, 5 + c * h * w, 1);
        float[] col = poisoned(rows * p * q);
        float[] row = poisoned(rows * p * q);
        EXEC.parallelFor(rows, (first, count) -> Im2col.im2col(in, 5, col, c, h, w, k, stride, pad, p, q, first, count));
        EXEC.parallelFor(p * q, (first, count) -> Im2col.im2row(in, 5, row, c, h, w, k, stride, pad, p, q, first, count));
        double[] expected = new double[row.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < p * q; j++) {
                expected[j * rows + i] = col[i * p * q + j];
            }
        }
        assertClose(expected, row, 0, 0, "im2row " + java.util.Arrays.toString(g));
    }

    @RepeatedTest(20)
    void col2imIsTheAdjointOfIm2col() {
        // <im2col(x), y> = <x, col2im(y)> for all x, y: col2im is exactly the transpose of im2col,
        // which is what the input gradient of the lowered convolution needs. And element by element,
        // against the sum written out in double precision.
        int[] g = geometry();
        int c = g[0], h = g[1], w = g[2], k = g[3], stride = g[4], pad = g[5];
        int p = Convolution.outputSize(h, k, stride, pad);
        int q = Convolution.outputSize(w, k, stride, pad);
        int rows = c * k * k;
        float[] x = gaussian(RANDOM, c * h * w, 1);
        float[] y = gaussian(RANDOM, rows * p * q, 1);
        float[] col = poisoned(y.length);
        int offset = 3;
        float[] back = poisoned(offset + x.length);
        EXEC.parallelFor(rows, (first, count) -> Im2col.im2col(x, 0, col, c, h, w, k, stride, pad, p, q,
                first, count));
        EXEC.parallelFor(c, (first, count) -> Im2col.col2im(y, back, offset, c, h, w, k, stride, pad, p, q,
                first, count));
        double left = 0;
        for (int i = 0; i < y.length; i++) {
            left += (double) col[i] * y[i];
        }
        double right = 0;
        for (int i = 0; i < x.length; i++) {
            right += (double) x[i] * back[offset + i];
        }
        assertClose(new double[] {left}, new float[] {(float) right}, 1e-5, 1e-4, "adjoint " + java.util.Arrays.toString(g));

        double[] expected = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < k; r++) {
                for (int s = 0; s < k; s++) {
                    for (int y0 = 0; y0 < p; y0++) {
                        for (int x0 = 0; x0 < q; x0++) {
                            int iy = y0 * stride + r - pad;
                            int ix = x0 * stride + s - pad;
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                expected[(ch * h + iy) * w + ix] += y[((ch * k + r) * k + s) * p * q + y0 * q + x0];
                            }
                        }
                    }
                }
            }
        }
        float[] result = java.util.Arrays.copyOfRange(back, offset, back.length);
        assertClose(expected, result, 1e-5, 1e-5, "col2im " + java.util.Arrays.toString(g));
    }

    @Test
    void loweredConvolutionEqualsTheDirectKernel() {
        // AlexNet's conv2 in miniature: 5x5, pad 2, one group's weights applied through im2col + GEMM.
        int c = 6, h = 9, w = 11, filters = 4, k = 5, stride = 1, pad = 2;
        int p = Convolution.outputSize(h, k, stride, pad);
        int q = Convolution.outputSize(w, k, stride, pad);
        float[] in = gaussian(RANDOM, c * h * w, 1);
        float[] weights = gaussian(RANDOM, filters * c * k * k, 0.2);
        float[] bias = new float[filters];
        float[] direct = poisoned(filters * p * q);
        EXEC.parallelFor(filters, (first, count) -> Convolution.forward(in, weights, bias, direct, 1, c, h, w, filters,
                k, stride, pad, 1, p, q, first, count));
        float[] col = poisoned(c * k * k * p * q);
        float[] lowered = poisoned(filters * p * q);
        EXEC.parallelFor(c * k * k, (first, count) -> Im2col.im2col(in, 0, col, c, h, w, k, stride, pad, p, q,
                first, count));
        EXEC.parallelFor(Gemm.tiles(filters, p * q), (first, count) -> Gemm.nn(weights, 0, col, 0, lowered, 0,
                filters, p * q, c * k * k, 0f, first, count));
        double[] expected = new double[direct.length];
        for (int i = 0; i < direct.length; i++) {
            expected[i] = direct[i];
        }
        assertClose(expected, lowered, 1e-5, 1e-5, "im2col + GEMM vs direct");
    }
}

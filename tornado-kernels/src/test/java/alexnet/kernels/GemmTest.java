package alexnet.kernels;

import static alexnet.kernels.TestSupport.assertClose;
import static alexnet.kernels.TestSupport.assertGradient;
import static alexnet.kernels.TestSupport.dot;
import static alexnet.kernels.TestSupport.gaussian;
import static alexnet.kernels.TestSupport.poisoned;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class GemmTest {

    private static final JvmExecutor EXEC = new JvmExecutor(2);

    @AfterAll
    static void close() {
        EXEC.close();
    }

    /** Sizes that cross the row, column and depth block boundaries, and odd ones. */
    private static int size(Random random, int block) {
        return random.nextBoolean() ? 1 + random.nextInt(9) : block - 3 + random.nextInt(block + 6);
    }

    /** c0 + A B (or A^T B), in double; element (i, p) of the left operand at aOff + i*rowStride + p*depthStride. */
    private static double[] reference(float[] a, int aOff, int rowStride, int depthStride, float[] b, int bOff,
                                      float[] c0, int cOff, int m, int n, int k, boolean accumulate) {
        double[] c = new double[c0.length];
        for (int x = 0; x < c.length; x++) {
            c[x] = c0[x];
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = accumulate ? c0[cOff + i * n + j] : 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[aOff + i * rowStride + p * depthStride] * b[bOff + p * n + j];
                }
                c[cOff + i * n + j] = sum;
            }
        }
        return c;
    }

    @Test
    void nnAndTnMatchReferenceOnRandomShapesWithOffsets() {
        Random random = new Random(8);
        for (int trial = 0; trial < 12; trial++) {
            int m = size(random, Gemm.ROW_BLOCK);
            int n = size(random, trial < 4 ? Gemm.COL_BLOCK : 20);
            int k = size(random, Gemm.DEPTH_BLOCK);
            int aOff = random.nextInt(5);
            int bOff = random.nextInt(5);
            int cOff = random.nextInt(5);
            boolean accumulate = random.nextBoolean();
            float[] a = gaussian(random, aOff + m * k, 1);
            float[] b = gaussian(random, bOff + k * n, 1);
            float[] c0 = gaussian(random, cOff + m * n, 1);

            float[] c = accumulate ? c0.clone() : poisoned(c0.length);
            java.util.Arrays.fill(c, 0, cOff, 0f); // outside the product: kept as is
            float[] cNn = c;
            EXEC.parallelFor(Gemm.tiles(m, n), (f, cnt) -> Gemm.nn(a, aOff, b, bOff, cNn, cOff, m, n, k, accumulate ? 1f : 0f, f, cnt));
            double[] expected = reference(a, aOff, k, 1, b, bOff, c0, cOff, m, n, k, accumulate);
            java.util.Arrays.fill(expected, 0, cOff, 0);
            assertClose(expected, cNn, 1e-5, 1e-4 * Math.sqrt(k), "nn " + m + "x" + n + "x" + k);

            float[] cTn = accumulate ? c0.clone() : poisoned(c0.length);
            java.util.Arrays.fill(cTn, 0, cOff, 0f);
            EXEC.parallelFor(Gemm.tiles(m, n), (f, cnt) -> Gemm.tn(a, aOff, b, bOff, cTn, cOff, m, n, k, accumulate ? 1f : 0f, f, cnt));
            expected = reference(a, aOff, 1, m, b, bOff, c0, cOff, m, n, k, accumulate);
            java.util.Arrays.fill(expected, 0, cOff, 0);
            assertClose(expected, cTn, 1e-5, 1e-4 * Math.sqrt(k), "tn " + m + "x" + n + "x" + k);
        }
    }

    @Test
    void transposeMatchesReference() {
        Random random = new Random(9);
        int rows = 7;
        int cols = 13;
        float[] src = gaussian(random, 2 + rows * cols, 1);
        float[] dst = poisoned(3 + rows * cols);
        java.util.Arrays.fill(dst, 0, 3, 0f);
        EXEC.parallelFor(cols, (f, c) -> Gemm.transpose(src, 2, dst, 3, rows, cols, f, c));
        double[] expected = new double[dst.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                expected[3 + j * rows + i] = src[2 + i * cols + j];
            }
        }
        assertClose(expected, dst, 0, 0, "transpose");
    }

    /** The fully connected layer recipe of the README, against finite differences. */
    @Test
    void fullyConnectedRecipeGradientsMatchFiniteDifferences() {
        Random random = new Random(10);
        int batch = 3;
        int inF = 5;
        int outF = 4;
        float[] in = gaussian(random, batch * inF, 1);
        float[] w = gaussian(random, inF * outF, 1);
        float[] bias = gaussian(random, outF, 1);
        float[] outGrad = gaussian(random, batch * outF, 1);
        float[] out = new float[batch * outF];
        java.util.function.DoubleSupplier loss = () -> {
            EXEC.parallelFor(Gemm.tiles(batch, outF), (f, c) -> Gemm.nn(in, 0, w, 0, out, 0, batch, outF, inF, 0f, f, c));
            EXEC.parallelFor(batch * outF, (f, c) -> Bias.forward(out, bias, outF, 1, f, c));
            return dot(out, outGrad);
        };
        float[] wGrad = poisoned(w.length);
        float[] bGrad = poisoned(outF);
        float[] outGradT = poisoned(outF * batch);
        float[] inGradT = poisoned(inF * batch);
        float[] inGrad = poisoned(in.length);
        EXEC.parallelFor(Gemm.tiles(inF, outF), (f, c) -> Gemm.tn(in, 0, outGrad, 0, wGrad, 0, inF, outF, batch, 0f, f, c));
        EXEC.parallelFor(outF, (f, c) -> Bias.backward(outGrad, bGrad, batch, outF, 1, f, c));
        EXEC.parallelFor(outF, (f, c) -> Gemm.transpose(outGrad, 0, outGradT, 0, batch, outF, f, c));
        EXEC.parallelFor(Gemm.tiles(inF, batch), (f, c) -> Gemm.nn(w, 0, outGradT, 0, inGradT, 0, inF, batch, outF, 0f, f, c));
        EXEC.parallelFor(batch, (f, c) -> Gemm.transpose(inGradT, 0, inGrad, 0, inF, batch, f, c));
        assertGradient(in, inGrad, loss, 1e-2f, 1e-3, "fc input");
        assertGradient(w, wGrad, loss, 1e-2f, 1e-3, "fc weights");
        assertGradient(bias, bGrad, loss, 1e-2f, 1e-3, "fc bias");
    }
}

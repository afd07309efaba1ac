package alexnet.kernels.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import alexnet.kernels.Gemm;
import alexnet.kernels.JvmExecutor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The Vector API GEMM against the plain Gemm kernel it stands in for. */
class VectorGemmTest {

    private static final Random RANDOM = new Random(17);

    private static float[] gaussian(int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) RANDOM.nextGaussian();
        }
        return x;
    }

    @Test
    void vectorApiIsPresentInTheTestJvm() {
        assertTrue(HostGemm.VECTORIZED, "surefire's argLine adds jdk.incubator.vector; without it this path is untested");
    }

    @RepeatedTest(30)
    void matchesThePlainKernelOnRandomShapes() {
        // Sizes around the 4-row and 2-vector blocks and the 32 x 512 tiles, with offsets and every beta.
        int m = 1 + RANDOM.nextInt(70);
        int n = 1 + RANDOM.nextInt(1100);
        int k = 1 + RANDOM.nextInt(600);
        int off = RANDOM.nextInt(5);
        float beta = new float[] {0f, 1f, 0.5f}[RANDOM.nextInt(3)];
        check(m, n, k, off, beta, RANDOM.nextBoolean());
    }

    @Test
    void stripsOfOneVectorMatchThePlainKernel() {
        // A last strip of exactly one vector of columns runs its own kernel (conv2's input gradient
        // through Winograd is 48 columns wide): fresh (beta 0, NaN-poisoned C) and accumulating, over
        // two depth blocks, with a ragged last panel of rows.
        for (int n : new int[] {16, 48, 80}) {
            for (float beta : new float[] {0f, 1f}) {
                check(19, n, 300, 1, beta, false);
                check(19, n, 300, 1, beta, true);
            }
        }
    }

    private static void check(int m, int n, int k, int off, float beta, boolean transposed) {
        float[] a = gaussian(off + m * k);
        float[] b = gaussian(off + k * n);
        float[] c0 = gaussian(off + m * n);
        float[] expected = c0.clone();
        float[] actual = c0.clone();
        if (beta == 0f) {
            Arrays.fill(actual, off, actual.length, Float.NaN);
        }
        try (JvmExecutor executor = new JvmExecutor(2)) {
            int tiles = Gemm.tiles(m, n);
            if (transposed) {
                executor.parallelFor(tiles, (f, c) -> Gemm.tn(a, off, b, off, expected, off, m, n, k, beta, f, c));
                executor.parallelFor(tiles, (f, c) -> VectorGemm.tn(a, off, b, off, actual, off, m, n, k, beta, f, c));
            } else {
                executor.parallelFor(tiles, (f, c) -> Gemm.nn(a, off, b, off, expected, off, m, n, k, beta, f, c));
                executor.parallelFor(tiles, (f, c) -> VectorGemm.nn(a, off, b, off, actual, off, m, n, k, beta, f, c));
            }
        }
        // Sums of k products of unit Gaussians: rounding differences (fma vs multiply-then-add)
        // grow like sqrt(k) ulps of the partial sums, far below 1e-5 * k.
        double tolerance = 1e-5 * k;
        for (int i = 0; i < actual.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) {
                fail((transposed ? "tn" : "nn") + " m=" + m + " n=" + n + " k=" + k + " beta=" + beta + ": element " + i
                        + " is " + actual[i] + ", the plain kernel gives " + expected[i]);
            }
        }
    }

    @RepeatedTest(10)
    void packedBGivesTheSameProductsAsTheUnpacked() {
        // A B packed once (several depth blocks, ragged last strip), used by products of every
        // height, against the same products on the unpacked B: the same fused multiply-adds in the
        // same order.
        int n = 1 + RANDOM.nextInt(700);
        int k = 1 + RANDOM.nextInt(600);
        int off = RANDOM.nextInt(5);
        float[] b = gaussian(off + k * n);
        float[] packed = new float[off + VectorGemm.packedSize(k, n)];
        Arrays.fill(packed, Float.NaN);
        VectorGemm.pack(b, off, k, n, packed, off);
        for (int m : new int[] {1, 9, 40}) {
            float[] a = gaussian(m * k);
            float[] expected = new float[m * n];
            float[] actual = new float[m * n];
            Arrays.fill(actual, Float.NaN);
            int tiles = Gemm.tiles(m, n);
            try (JvmExecutor executor = new JvmExecutor(2)) {
                executor.parallelFor(tiles, (f, c) -> VectorGemm.tn(a, 0, b, off, expected, 0, m, n, k, 0f, f, c));
                executor.parallelFor(tiles, (f, c) -> VectorGemm.tnPacked(a, 0, packed, off, actual, 0, m, n, k,
                        0f, f, c));
            }
            assertArrayEquals(expected, actual, 0f, "tn m=" + m + " n=" + n + " k=" + k);
        }
    }

    @Test
    void resultDoesNotDependOnTheThreadCount() {
        int m = 67;
        int n = 1030;
        int k = 300;
        float[] a = gaussian(m * k);
        float[] b = gaussian(k * n);
        float[][] results = new float[3][];
        for (int threads = 1; threads <= 3; threads++) {
            float[] c = new float[m * n];
            try (JvmExecutor executor = new JvmExecutor(threads)) {
                executor.parallelFor(Gemm.tiles(m, n), (f, cnt) -> VectorGemm.nn(a, 0, b, 0, c, 0, m, n, k, 0f, f, cnt));
            }
            results[threads - 1] = c;
        }
        assertArrayEquals(results[0], results[1], 0f);
        assertArrayEquals(results[0], results[2], 0f);
    }
}

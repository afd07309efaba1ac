package alexnet.kernels.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import alexnet.kernels.Gemm;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;

/** The fast transpose against the plain kernel: the same dst, poison outside the rows asked for kept. */
class VectorTransposeTest {

    private static final Random RANDOM = new Random(43);

    @RepeatedTest(30)
    void matchesThePlainKernel() {
        // Rows around whole vectors (and fewer than one), any columns, offsets, a range of dst rows.
        int rows = 1 + RANDOM.nextInt(70);
        int cols = 1 + RANDOM.nextInt(300);
        int first = RANDOM.nextInt(cols);
        int count = 1 + RANDOM.nextInt(cols - first);
        int srcOff = RANDOM.nextInt(5);
        int dstOff = RANDOM.nextInt(5);
        float[] src = new float[srcOff + rows * cols];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) RANDOM.nextGaussian();
        }
        float[] expected = new float[dstOff + rows * cols];
        float[] actual = new float[expected.length];
        Arrays.fill(expected, Float.NaN);
        Arrays.fill(actual, Float.NaN);
        Gemm.transpose(src, srcOff, expected, dstOff, rows, cols, first, count);
        VectorTranspose.transpose(src, srcOff, actual, dstOff, rows, cols, first, count);
        assertArrayEquals(expected, actual, 0f, rows + "x" + cols + ", dst rows " + first + " + " + count);
    }
}

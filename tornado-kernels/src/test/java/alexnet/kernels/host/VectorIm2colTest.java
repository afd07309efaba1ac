package alexnet.kernels.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import alexnet.kernels.Im2col;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;

/** The fast im2col against the plain kernel: the same col, poison outside the rows asked for kept. */
class VectorIm2colTest {

    private static final Random RANDOM = new Random(41);

    @RepeatedTest(40)
    void matchesThePlainKernel() {
        // Strides 1-4 (conv1's 4 gathers whole vectors on wide outputs), pads 0-2, kernels 1-11,
        // inputs narrower than the kernel, a range of col rows.
        int kernel = new int[] {1, 3, 5, 11}[RANDOM.nextInt(4)];
        int stride = 1 + RANDOM.nextInt(4);
        int pad = RANDOM.nextInt(3);
        int channels = 1 + RANDOM.nextInt(3);
        int smallest = Math.max(1, kernel - 2 * pad); // at least one output
        int height = smallest + RANDOM.nextInt(40);
        int width = smallest + RANDOM.nextInt(80);
        int outHeight = (height + 2 * pad - kernel) / stride + 1;
        int outWidth = (width + 2 * pad - kernel) / stride + 1;
        int rows = channels * kernel * kernel;
        int first = RANDOM.nextInt(rows);
        int count = 1 + RANDOM.nextInt(rows - first);
        int off = RANDOM.nextInt(5);
        float[] in = new float[off + channels * height * width];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) RANDOM.nextGaussian();
        }
        float[] expected = new float[rows * outHeight * outWidth];
        float[] actual = new float[expected.length];
        Arrays.fill(expected, Float.NaN);
        Arrays.fill(actual, Float.NaN);
        Im2col.im2col(in, off, expected, channels, height, width, kernel, stride, pad, outHeight, outWidth, first,
                count);
        VectorIm2col.im2col(in, off, actual, channels, height, width, kernel, stride, pad, outHeight, outWidth, first,
                count);
        assertArrayEquals(expected, actual, 0f, channels + "x" + height + "x" + width + ", kernel " + kernel
                + ", stride " + stride + ", pad " + pad + ", rows " + first + " + " + count);
    }
}

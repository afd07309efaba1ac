package alexnet.kernels.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import alexnet.kernels.Im2col;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;

/** The fast im2row against the plain kernel: the same rows, poison outside the positions asked for kept. */
class VectorIm2rowTest {

    private static final Random RANDOM = new Random(53);

    @RepeatedTest(40)
    void matchesThePlainKernel() {
        // Kernels 1-11 (conv1's 11 within a vector, and wider than one with AVX2), strides 1-4, pads
        // 0-2, inputs narrower than the kernel, a range of positions ending anywhere, an offset.
        int kernel = new int[] {1, 3, 5, 11}[RANDOM.nextInt(4)];
        int stride = 1 + RANDOM.nextInt(4);
        int pad = RANDOM.nextInt(3);
        int channels = 1 + RANDOM.nextInt(3);
        int smallest = Math.max(1, kernel - 2 * pad);
        int height = smallest + RANDOM.nextInt(30);
        int width = smallest + RANDOM.nextInt(40);
        int outHeight = (height + 2 * pad - kernel) / stride + 1;
        int outWidth = (width + 2 * pad - kernel) / stride + 1;
        int positions = outHeight * outWidth;
        int first = RANDOM.nextInt(positions);
        int count = 1 + RANDOM.nextInt(positions - first);
        int off = RANDOM.nextInt(5);
        float[] in = new float[off + channels * height * width];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) RANDOM.nextGaussian();
        }
        float[] expected = new float[positions * channels * kernel * kernel];
        float[] actual = new float[expected.length];
        Arrays.fill(expected, Float.NaN);
        Arrays.fill(actual, Float.NaN);
        Im2col.im2row(in, off, expected, channels, height, width, kernel, stride, pad, outHeight, outWidth, first,
                count);
        VectorIm2row.im2row(in, off, actual, channels, height, width, kernel, stride, pad, outHeight, outWidth, first,
                count);
        assertArrayEquals(expected, actual, 0f, channels + "x" + height + "x" + width + ", kernel " + kernel
                + ", stride " + stride + ", pad " + pad + ", positions " + first + " + " + count);
    }
}

package alexnet.kernels.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import alexnet.kernels.JvmExecutor;
import alexnet.kernels.MaxPool;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The Vector API max-pooling against the plain kernel: the same maxima and the same argmax. */
class VectorMaxPoolTest {

    private static final Random RANDOM = new Random(23);

    /** Runs both kernels over planes of h x w on 2 threads and compares out and argmax exactly. */
    private static void assertSameAsPlain(float[] in, int planes, int h, int w, int window, int stride) {
        int oh = MaxPool.outputSize(h, window, stride);
        int ow = MaxPool.outputSize(w, window, stride);
        float[] expected = new float[planes * oh * ow];
        int[] expectedArgmax = new int[expected.length];
        float[] actual = new float[expected.length];
        int[] actualArgmax = new int[expected.length];
        Arrays.fill(actual, Float.NaN);
        Arrays.fill(actualArgmax, -1);
        try (JvmExecutor executor = new JvmExecutor(2)) {
            executor.parallelFor(planes, (f, c) -> MaxPool.forward(in, expected, expectedArgmax, 1, planes, h, w,
                    window, stride, oh, ow, f, c));
            executor.parallelFor(planes, (f, c) -> VectorMaxPool.forward(in, actual, actualArgmax, 1, planes, h, w,
                    window, stride, oh, ow, f, c));
        }
        String what = planes + " planes of " + h + "x" + w + ", window " + window + ", stride " + stride;
        assertArrayEquals(expected, actual, 0f, "maxima, " + what);
        assertArrayEquals(expectedArgmax, actualArgmax, "argmax, " + what);
    }

    @RepeatedTest(40)
    void matchesThePlainKernelIncludingTies() {
        // Windows of AlexNet (3, 2), non-overlapping (2, 2) and others; widths on both sides of a
        // vector (16 floats with AVX-512). Few distinct values: many ties, which must go to the
        // same element (the first in row-major order).
        int[][] configs = {{3, 2}, {2, 2}, {3, 3}, {1, 1}, {4, 3}, {3, 1}};
        int[] config = configs[RANDOM.nextInt(configs.length)];
        int window = config[0];
        int stride = config[1];
        int planes = 1 + RANDOM.nextInt(5);
        int h = window + RANDOM.nextInt(12);
        int w = window + RANDOM.nextInt(40);
        float[] in = new float[planes * h * w];
        for (int i = 0; i < in.length; i++) {
            in[i] = RANDOM.nextInt(3) - 1;
        }
        assertSameAsPlain(in, planes, h, w, window, stride);
    }

    @Test
    void matchesThePlainKernelAtAlexNetsPoolsOnReluOutputs() {
        // pool1, pool2, pool5 on Gaussian data through ReLU: half zeros, the rest distinct.
        int[][] shapes = {{55, 8}, {27, 8}, {13, 8}};
        for (int[] shape : shapes) {
            int size = shape[0];
            int planes = shape[1];
            float[] in = new float[planes * size * size];
            for (int i = 0; i < in.length; i++) {
                in[i] = Math.max(0f, (float) RANDOM.nextGaussian());
            }
            assertSameAsPlain(in, planes, size, size, 3, 2);
        }
    }
}

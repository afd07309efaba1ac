package alexnet.kernels.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import alexnet.kernels.LocalResponseNorm;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;

/** The Vector API LRN forward against the plain kernel: the same floats, bit for bit. */
class VectorLrnTest {

    private static final Random RANDOM = new Random(37);

    @RepeatedTest(25)
    void forwardMatchesThePlainKernel() {
        // Windows of 5 (the paper's) and 3, channel counts below and above the window, planes on
        // both sides of a vector's width, a range of planes that starts and ends inside the batch;
        // out and scale poisoned, so planes outside the range must stay NaN.
        int size = RANDOM.nextBoolean() ? 5 : 3;
        int batch = 1 + RANDOM.nextInt(3);
        int channels = 1 + RANDOM.nextInt(12);
        int plane = 1 + RANDOM.nextInt(60);
        int planes = batch * channels;
        int first = RANDOM.nextInt(planes);
        int count = 1 + RANDOM.nextInt(planes - first);
        float[] in = new float[planes * plane];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) RANDOM.nextGaussian() * 20f;
        }
        float[][] expected = {new float[in.length], new float[in.length]};
        float[][] actual = {new float[in.length], new float[in.length]};
        for (float[][] outputs : new float[][][] {expected, actual}) {
            Arrays.fill(outputs[0], Float.NaN);
            Arrays.fill(outputs[1], Float.NaN);
        }
        float k = LocalResponseNorm.K;
        float alpha = LocalResponseNorm.ALPHA;
        float beta = LocalResponseNorm.BETA;
        LocalResponseNorm.forward(in, expected[0], expected[1], batch, channels, plane, k, size, alpha, beta, first,
                count);
        VectorLrn.forward(in, actual[0], actual[1], batch, channels, plane, k, size, alpha, beta, first, count);
        String what = batch + " x " + channels + " x " + plane + ", window " + size + ", planes " + first + " + " + count;
        assertArrayEquals(expected[0], actual[0], 0f, "out, " + what);
        assertArrayEquals(expected[1], actual[1], 0f, "scale, " + what);
    }
}

package alexnet.kernels.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import alexnet.kernels.JvmExecutor;
import alexnet.kernels.LocalResponseNorm;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;

/** The ring-buffered LRN backward against the plain kernel: the same floats, bit for bit. */
class RingLrnTest {

    private static final Random RANDOM = new Random(31);

    @RepeatedTest(25)
    void backwardMatchesThePlainKernel() {
        // Windows of 5 (the paper's) and 3, channel counts below and above the window, several
        // images (a thread's planes run across image boundaries), 1-3 threads so that rings start
        // mid-image; inGrad poisoned.
        int size = RANDOM.nextBoolean() ? 5 : 3;
        int batch = 1 + RANDOM.nextInt(3);
        int channels = 1 + RANDOM.nextInt(12);
        int plane = 1 + RANDOM.nextInt(40);
        int threads = 1 + RANDOM.nextInt(3);
        int total = batch * channels * plane;
        float[] in = new float[total];
        float[] outGrad = new float[total];
        for (int i = 0; i < total; i++) {
            in[i] = (float) RANDOM.nextGaussian() * 20f;
            outGrad[i] = (float) RANDOM.nextGaussian();
        }
        float[] out = new float[total];
        float[] scale = new float[total];
        float alpha = LocalResponseNorm.ALPHA;
        float beta = LocalResponseNorm.BETA;
        LocalResponseNorm.forward(in, out, scale, batch, channels, plane, LocalResponseNorm.K, size, alpha, beta, 0,
                batch * channels);
        float[] expected = new float[total];
        float[] actual = new float[total];
        Arrays.fill(actual, Float.NaN);
        LocalResponseNorm.backward(in, out, scale, outGrad, expected, batch, channels, plane, size, alpha, beta, 0,
                batch * channels);
        try (JvmExecutor executor = new JvmExecutor(threads)) {
            executor.parallelFor(batch * channels, (first, count) -> RingLrn.backward(in, out, scale, outGrad, actual,
                    batch, channels, plane, size, alpha, beta, first, count));
        }
        assertArrayEquals(expected, actual, 0f,
                batch + " x " + channels + " x " + plane + ", window " + size + ", " + threads + " threads");
    }
}

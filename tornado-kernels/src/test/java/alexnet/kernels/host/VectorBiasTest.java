package alexnet.kernels.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.kernels.Bias;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;

/** The Vector API bias gradient against the plain kernel. */
class VectorBiasTest {

    private static final Random RANDOM = new Random(31);

    @RepeatedTest(20)
    void convolutionBiasGradientMatchesThePlainKernelUpToRounding() {
        // Planes below, at and off a vector's length (tails), a range of channels with poison around it.
        int batch = 1 + RANDOM.nextInt(6);
        int channels = 1 + RANDOM.nextInt(9);
        int plane = 2 + RANDOM.nextInt(60);
        float[] outGrad = gaussian(batch * channels * plane);
        int first = RANDOM.nextInt(channels);
        int count = 1 + RANDOM.nextInt(channels - first);
        float[] expected = poisoned(channels);
        float[] actual = poisoned(channels);
        Bias.backward(outGrad, expected, batch, channels, plane, first, count);
        VectorBias.backward(outGrad, actual, batch, channels, plane, first, count);
        String where = batch + " x " + channels + " x " + plane + ", channels " + first + " + " + count;
        for (int c = 0; c < channels; c++) {
            if (c < first || c >= first + count) {
                assertTrue(Float.isNaN(actual[c]), "channel " + c + " written outside the range, " + where);
                continue;
            }
            // Both orders round each of the batch * plane additions: their difference is a few
            // ulps of the sum of magnitudes; one missing or doubled term would be about 1/terms of it.
            double magnitude = 0;
            for (int n = 0; n < batch; n++) {
                for (int x = 0; x < plane; x++) {
                    magnitude += Math.abs(outGrad[(n * channels + c) * plane + x]);
                }
            }
            assertEquals(expected[c], actual[c], 1e-5 * magnitude, "channel " + c + ", " + where);
        }
    }

    @RepeatedTest(10)
    void fullyConnectedBiasGradientIsThePlainKernelsBitForBit() {
        // A plane of one: vectors of channels, each lane one channel's sum in the plain order.
        // Most ranges span several vectors and end off a vector boundary.
        int batch = 1 + RANDOM.nextInt(20);
        int channels = 1 + RANDOM.nextInt(80);
        float[] outGrad = gaussian(batch * channels);
        int first = RANDOM.nextInt(Math.min(channels, 5));
        int count = channels - first - RANDOM.nextInt(Math.min(channels - first, 5) + 1);
        float[] expected = poisoned(channels);
        float[] actual = poisoned(channels);
        Bias.backward(outGrad, expected, batch, channels, 1, first, count);
        VectorBias.backward(outGrad, actual, batch, channels, 1, first, count);
        assertArrayEquals(expected, actual, 0f, batch + " x " + channels + ", channels " + first + " + " + count);
    }

    private static float[] gaussian(int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) RANDOM.nextGaussian();
        }
        return x;
    }

    private static float[] poisoned(int size) {
        float[] x = new float[size];
        Arrays.fill(x, Float.NaN);
        return x;
    }
}

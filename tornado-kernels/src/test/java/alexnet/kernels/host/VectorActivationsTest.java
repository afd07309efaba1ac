package alexnet.kernels.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import alexnet.kernels.Activations;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;

/** The Vector API ReLU backward against the plain kernel. */
class VectorActivationsTest {

    private static final Random RANDOM = new Random(29);

    @RepeatedTest(20)
    void reluBackwardMatchesThePlainKernel() {
        // ReLU outputs (zeros and positives), a negative zero, a NaN; a range that starts and ends
        // off the vector boundaries, with poison around it that must stay.
        int size = 1 + RANDOM.nextInt(200);
        float[] out = new float[size];
        float[] outGrad = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = Math.max(0f, (float) RANDOM.nextGaussian());
            outGrad[i] = (float) RANDOM.nextGaussian();
        }
        out[RANDOM.nextInt(size)] = -0f;
        out[RANDOM.nextInt(size)] = Float.NaN;
        int first = RANDOM.nextInt(size);
        int count = RANDOM.nextInt(size - first + 1);
        float[] expected = new float[size];
        float[] actual = new float[size];
        Arrays.fill(expected, Float.NaN);
        Arrays.fill(actual, Float.NaN);
        Activations.reluBackward(out, outGrad, expected, first, count);
        VectorActivations.reluBackward(out, outGrad, actual, first, count);
        assertArrayEquals(expected, actual, 0f, "size " + size + ", elements " + first + " + " + count);
    }
}

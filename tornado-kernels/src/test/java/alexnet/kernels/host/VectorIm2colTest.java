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
        // Any window geometry (conv1's stride 4 gathers whole vectors on wide outputs), a range of col rows.
        WindowGeometry g = WindowGeometry.random(RANDOM);
        int rows = g.windowSize();
        int first = RANDOM.nextInt(rows);
        int count = 1 + RANDOM.nextInt(rows - first);
        int off = RANDOM.nextInt(5);
        float[] in = g.input(RANDOM, off);
        float[] expected = new float[rows * g.outHeight() * g.outWidth()];
        float[] actual = new float[expected.length];
        Arrays.fill(expected, Float.NaN);
        Arrays.fill(actual, Float.NaN);
        Im2col.im2col(in, off, expected, g.channels(), g.height(), g.width(), g.kernel(), g.stride(), g.pad(),
                g.outHeight(), g.outWidth(), first, count);
        VectorIm2col.im2col(in, off, actual, g.channels(), g.height(), g.width(), g.kernel(), g.stride(), g.pad(),
                g.outHeight(), g.outWidth(), first, count);
        assertArrayEquals(expected, actual, 0f, g + ", rows " + first + " + " + count);
    }
}

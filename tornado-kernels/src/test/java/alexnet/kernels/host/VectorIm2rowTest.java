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
        // Any window geometry, a range of positions ending anywhere (the last one's vectors must
        // not spill past it).
        WindowGeometry g = WindowGeometry.random(RANDOM);
        int positions = g.outHeight() * g.outWidth();
        int first = RANDOM.nextInt(positions);
        int count = 1 + RANDOM.nextInt(positions - first);
        int off = RANDOM.nextInt(5);
        float[] in = g.input(RANDOM, off);
        float[] expected = new float[positions * g.windowSize()];
        float[] actual = new float[expected.length];
        Arrays.fill(expected, Float.NaN);
        Arrays.fill(actual, Float.NaN);
        Im2col.im2row(in, off, expected, g.channels(), g.height(), g.width(), g.kernel(), g.stride(), g.pad(),
                g.outHeight(), g.outWidth(), first, count);
        VectorIm2row.im2row(in, off, actual, g.channels(), g.height(), g.width(), g.kernel(), g.stride(), g.pad(),
                g.outHeight(), g.outWidth(), first, count);
        assertArrayEquals(expected, actual, 0f, g + ", positions " + first + " + " + count);
    }
}

package alexnet.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The colour measure of Figure 3 on kernels whose answer is known, and the display's stretch. */
class FirstLayerKernelsTest {

    /** Kernel 0 grey (R = G = B), kernel 1 colour only (R + G + B = 0 at every pixel), 2x2 pixels each. */
    private static final float[] KNOWN = {
        1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4,
        1, -2, 3, 0, -1, 2, -3, 5, 0, 0, 0, -5,
    };

    @Test
    void greyKernelsHaveNoChromaAndColourOnlyKernelsAllOfIt() {
        FirstLayerKernels kernels = new FirstLayerKernels("conv1", 2, 2, KNOWN);
        assertEquals(0, kernels.chromaFraction(0), 1e-12);
        assertEquals(1, kernels.chromaFraction(1), 1e-12);
        assertEquals(0.5, kernels.meanChromaFraction(0, 2), 1e-12);
    }

    /**
     * Independent weights: of a kernel's 3P - 1 directions about its mean, 2P are colour, so the fraction
     * is Beta(P, (P - 1) / 2)-distributed with mean 2P / (3P - 1): 50/74 for 5x5 kernels.
     */
    @Test
    void randomKernelsAverageAboutTwoThirds() {
        Random random = new Random(3);
        int count = 2000;
        float[] weights = new float[count * 3 * 25];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian();
        }
        assertEquals(50.0 / 74, new FirstLayerKernels("conv1", count, 5, weights).meanChromaFraction(0, count), 0.006);
    }

    @Test
    void displayStretchesEachKernelOverTheWholeRangeWithOneMapForAllChannels() {
        FirstLayerKernels kernels = new FirstLayerKernels("conv1", 2, 2, KNOWN);
        // Grey kernel: weights 1..4 become 0, 85, 170, 255 in all three channels.
        assertArrayEquals(new int[] {0x000000, 0x555555, 0xaaaaaa, 0xffffff}, kernels.displayPixels(0));
        // Colour kernel: -5..5; pixel 3 is (0, 5, -5) -> (127.5, 255, 0), rounded.
        assertEquals(128 << 16 | 255 << 8, kernels.displayPixels(1)[3]);
    }
}

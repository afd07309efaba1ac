package alexnet.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Dropout.uniform with masked signed shifts is bit-identical to SplitMix64 written with >>>. */
class DropoutShiftTest {

    /** SplitMix64's finaliser as published, with unsigned shifts (fine on the JVM, not in a kernel). */
    private static float reference(long seed, int index) {
        long z = seed + (index + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) (z >>> 40) * 0x1.0p-24f;
    }

    @Test
    void maskedShiftsMatchUnsignedShifts() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200_000; trial++) {
            long seed = random.nextLong();
            int index = trial < 100_000 ? trial : random.nextInt(Integer.MAX_VALUE);
            assertEquals(Float.floatToRawIntBits(reference(seed, index)),
                    Float.floatToRawIntBits(Dropout.uniform(seed, index)), "seed " + seed + " index " + index);
        }
    }
}

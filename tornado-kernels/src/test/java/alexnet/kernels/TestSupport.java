package alexnet.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;

/** Random data, NaN poisoning, comparisons and the central finite-difference check. */
final class TestSupport {

    private TestSupport() {
    }

    static float[] gaussian(Random random, int size, double scale) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (random.nextGaussian() * scale);
        }
        return x;
    }

    /** An array of NaNs: a kernel that leaves an output element unwritten leaves a NaN behind. */
    static float[] poisoned(int size) {
        float[] x = new float[size];
        Arrays.fill(x, Float.NaN);
        return x;
    }

    static int[] poisonedInts(int size) {
        int[] x = new int[size];
        Arrays.fill(x, Integer.MIN_VALUE);
        return x;
    }

    /** actual within {@code absolute + relative * |expected|} of expected, element by element, no NaN. */
    static void assertClose(double[] expected, float[] actual, double relative, double absolute, String what) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + ", expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]);
            if (!(error <= absolute + relative * Math.abs(expected[i]))) {
                fail(what + "[" + i + "] = " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    /** L = sum_i out[i] * weights[i] in double: the scalar whose gradient w.r.t. out is weights. */
    static double dot(float[] out, float[] weights) {
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            sum += (double) out[i] * weights[i];
        }
        return sum;
    }

    /**
     * Compares {@code analytic[i]} with (L(x + h e_i) - L(x - h e_i)) / 2h for every i (x is perturbed in
     * place and restored). The tolerance is relative to the largest gradient, since float forward passes
     * carry absolute rounding error into L.
     */
    static void assertGradient(float[] x, float[] analytic, DoubleSupplier loss, float h, double tolerance,
                               String what) {
        double scale = 1e-3;
        for (float g : analytic) {
            scale = Math.max(scale, Math.abs(g));
        }
        int checked = 0;
        for (int i = 0; i < x.length; i++) {
            float saved = x[i];
            x[i] = saved + h;
            double plus = loss.getAsDouble();
            x[i] = saved - h;
            double minus = loss.getAsDouble();
            x[i] = saved;
            double numeric = (plus - minus) / ((double) (saved + h) - (double) (saved - h));
            double error = Math.abs(numeric - analytic[i]);
            if (!(error <= tolerance * scale)) {
                fail(what + " gradient[" + i + "]: analytic " + analytic[i] + ", numeric " + numeric
                        + " (scale " + scale + ")");
            }
            checked++;
        }
        assertTrue(checked > 0, what + ": nothing checked");
    }

    static boolean bitIdentical(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return true;
    }
}

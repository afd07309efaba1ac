package alexnet.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Element-wise nonlinearities: ReLU (the paper's) and tanh (its baseline). Arrays are flat, any shape;
 * {@code in} and {@code out} may be the same array (in-place). Backward reads forward's OUTPUT, which
 * in-place use keeps.
 * <pre>
 * parallel: elements (first, count index the arrays directly)
 * </pre>
 */
public final class Activations {

    private Activations() {
    }

    /** out = max(0, in). */
    public static void reluForward(float[] in, float[] out, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            out[i] = Math.max(0f, in[i]);
        }
    }

    /** inGrad = outGrad where out > 0, else 0 (the subgradient at 0 is 0). */
    public static void reluBackward(float[] out, float[] outGrad, float[] inGrad, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            inGrad[i] = out[i] > 0f ? outGrad[i] : 0f;
        }
    }

    /** out = tanh(in), as 1 - 2 / (exp(2 in) + 1): exact limits +-1 for large |in|, exp only. */
    public static void tanhForward(float[] in, float[] out, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            out[i] = (float) (1.0 - 2.0 / (Math.exp(2.0 * in[i]) + 1.0));
        }
    }

    /** inGrad = outGrad * (1 - out^2). */
    public static void tanhBackward(float[] out, float[] outGrad, float[] inGrad, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            inGrad[i] = outGrad[i] * (1f - out[i] * out[i]);
        }
    }
}

package alexnet.kernels;

import static alexnet.kernels.TestSupport.assertGradient;
import static alexnet.kernels.TestSupport.dot;
import static alexnet.kernels.TestSupport.gaussian;
import static alexnet.kernels.TestSupport.poisoned;
import static alexnet.kernels.TestSupport.poisonedInts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class MaxPoolTest {

    private static final JvmExecutor EXEC = new JvmExecutor(2);

    @AfterAll
    static void close() {
        EXEC.close();
    }

    private static void forward(float[] in, float[] out, int[] argmax, int planes, int h, int w, int window,
                                int stride) {
        int oh = MaxPool.outputSize(h, window, stride);
        int ow = MaxPool.outputSize(w, window, stride);
        EXEC.parallelFor(planes, (first, count) -> MaxPool.forward(in, out, argmax, 1, planes, h, w, window,
                stride, oh, ow, first, count));
    }

    @Test
    void forwardTakesFirstMaximumInRowMajorOrder() {
        Random random = new Random(6);
        int[][] configs = {{3, 2}, {2, 2}, {3, 3}, {1, 1}, {4, 3}};
        for (int trial = 0; trial < 30; trial++) {
            int[] config = configs[trial % configs.length];
            int window = config[0];
            int stride = config[1];
            int planes = 1 + random.nextInt(4);
            int h = window + random.nextInt(9);
            int w = window + random.nextInt(9);
            int oh = MaxPool.outputSize(h, window, stride);
            int ow = MaxPool.outputSize(w, window, stride);
            float[] in = new float[planes * h * w];
            for (int i = 0; i < in.length; i++) {
                in[i] = random.nextInt(4) - 2; // few distinct values: many ties
            }
            float[] out = poisoned(planes * oh * ow);
            int[] argmax = poisonedInts(out.length);
            forward(in, out, argmax, planes, h, w, window, stride);
            for (int p = 0; p < planes; p++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        int best = -1;
                        for (int r = 0; r < window; r++) {
                            for (int s = 0; s < window; s++) {
                                int at = (p * h + y * stride + r) * w + x * stride + s;
                                if (best < 0 || in[at] > in[best]) {
                                    best = at;
                                }
                            }
                        }
                        int o = (p * oh + y) * ow + x;
                        assertEquals(in[best], out[o], "max at " + o);
                        assertEquals(best, argmax[o], "argmax at " + o);
                    }
                }
            }
        }
    }

    @Test
    void backwardMatchesFiniteDifferencesOverlappingAndNot() {
        Random random = new Random(7);
        for (int[] config : new int[][] {{3, 2}, {2, 2}}) {
            int window = config[0];
            int stride = config[1];
            int planes = 3;
            int h = 7;
            int w = 9;
            int oh = MaxPool.outputSize(h, window, stride);
            int ow = MaxPool.outputSize(w, window, stride);
            // Distinct values 0.1 apart, so a perturbation of 0.01 never changes a window's winner.
            float[] in = new float[planes * h * w];
            for (int i = 0; i < in.length; i++) {
                in[i] = i * 0.1f;
            }
            for (int i = in.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                float swap = in[i];
                in[i] = in[j];
                in[j] = swap;
            }
            float[] out = new float[planes * oh * ow];
            int[] argmax = new int[out.length];
            float[] outGrad = gaussian(random, out.length, 1);
            forward(in, out, argmax, planes, h, w, window, stride);
            float[] inGrad = poisoned(in.length);
            EXEC.parallelFor(planes, (first, count) -> MaxPool.backward(outGrad, argmax, inGrad, 1, planes, h, w,
                    oh, ow, first, count));
            int[] probeArgmax = new int[out.length];
            assertGradient(in, inGrad, () -> {
                forward(in, out, probeArgmax, planes, h, w, window, stride);
                return dot(out, outGrad);
            }, 1e-2f, 1e-3, "maxpool " + window + "/" + stride);
        }
    }

    @Test
    void backwardRoutesTiesToTheRecordedElementOnly() {
        float[] in = new float[3 * 3]; // all equal: every element ties
        float[] out = new float[1];
        int[] argmax = new int[1];
        forward(in, out, argmax, 1, 3, 3, 3, 2);
        float[] inGrad = poisoned(in.length);
        MaxPool.backward(new float[] {5f}, argmax, inGrad, 1, 1, 3, 3, 1, 1, 0, 1);
        assertEquals(0, argmax[0]);
        assertEquals(5f, inGrad[0]);
        for (int i = 1; i < in.length; i++) {
            assertEquals(0f, inGrad[i]);
        }
    }
}

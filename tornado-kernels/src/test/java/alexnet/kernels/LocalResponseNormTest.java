package alexnet.kernels;

import static alexnet.kernels.TestSupport.assertClose;
import static alexnet.kernels.TestSupport.assertGradient;
import static alexnet.kernels.TestSupport.dot;
import static alexnet.kernels.TestSupport.gaussian;
import static alexnet.kernels.TestSupport.poisoned;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class LocalResponseNormTest {

    private static final JvmExecutor EXEC = new JvmExecutor(2);

    @AfterAll
    static void close() {
        EXEC.close();
    }

    private static void forward(float[] in, float[] out, float[] scale, int batch, int channels, int plane,
                                float k, int size, float alpha, float beta) {
        EXEC.parallelFor(batch * channels, (first, count) -> LocalResponseNorm.forward(in, out, scale, batch,
                channels, plane, k, size, alpha, beta, first, count));
    }

    /** The paper's formula, literally, in double. */
    private static double[] reference(float[] in, int batch, int channels, int plane, double k, int size,
                                      double alpha, double beta) {
        double[] out = new double[in.length];
        for (int n = 0; n < batch; n++) {
            for (int i = 0; i < channels; i++) {
                for (int x = 0; x < plane; x++) {
                    double sum = 0;
                    for (int j = Math.max(0, i - size / 2); j <= Math.min(channels - 1, i + size / 2); j++) {
                        double a = in[(n * channels + j) * plane + x];
                        sum += a * a;
                    }
                    int at = (n * channels + i) * plane + x;
                    out[at] = in[at] / Math.pow(k + alpha * sum, beta);
                }
            }
        }
        return out;
    }

    @Test
    void paperConstants() {
        assertEquals(2f, LocalResponseNorm.K);
        assertEquals(5, LocalResponseNorm.SIZE);
        assertEquals(1e-4f, LocalResponseNorm.ALPHA);
        assertEquals(0.75f, LocalResponseNorm.BETA);
    }

    @Test
    void forwardMatchesPaperFormulaIncludingEdgeChannels() {
        Random random = new Random(4);
        for (int trial = 0; trial < 20; trial++) {
            int batch = 1 + random.nextInt(3);
            int channels = 1 + random.nextInt(9);
            int plane = 1 + random.nextInt(30);
            // Large activations (as after ReLU on unnormalised conv outputs) so the sum term matters.
            float[] in = gaussian(random, batch * channels * plane, 40);
            float[] out = poisoned(in.length);
            float[] scale = poisoned(in.length);
            forward(in, out, scale, batch, channels, plane, LocalResponseNorm.K, LocalResponseNorm.SIZE,
                    LocalResponseNorm.ALPHA, LocalResponseNorm.BETA);
            assertClose(reference(in, batch, channels, plane, 2, 5, 1e-4, 0.75), out, 2e-6, 1e-6, "lrn paper");
            int size = 1 + 2 * random.nextInt(3);
            forward(in, out, scale, batch, channels, plane, 1.5f, size, 0.01f, 0.6f);
            assertClose(reference(in, batch, channels, plane, 1.5, size, 0.01, 0.6), out, 2e-6, 1e-6, "lrn other");
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Random random = new Random(5);
        int batch = 2;
        int channels = 7;
        int plane = 3;
        float[][] settings = {{2f, 5, 1e-4f, 0.75f, 40f}, {2f, 5, 0.5f, 0.75f, 1f}, {1f, 3, 0.3f, 0.5f, 1f}};
        for (float[] setting : settings) {
            float k = setting[0];
            int size = (int) setting[1];
            float alpha = setting[2];
            float beta = setting[3];
            float[] in = gaussian(random, batch * channels * plane, setting[4]);
            float[] out = new float[in.length];
            float[] scale = new float[in.length];
            float[] outGrad = gaussian(random, in.length, 1);
            forward(in, out, scale, batch, channels, plane, k, size, alpha, beta);
            float[] inGrad = poisoned(in.length);
            EXEC.parallelFor(batch * channels, (first, count) -> LocalResponseNorm.backward(in, out, scale,
                    outGrad, inGrad, batch, channels, plane, size, alpha, beta, first, count));
            float[] probeOut = new float[in.length];
            float[] probeScale = new float[in.length];
            assertGradient(in, inGrad, () -> {
                forward(in, probeOut, probeScale, batch, channels, plane, k, size, alpha, beta);
                return dot(probeOut, outGrad);
            }, 1e-2f * setting[4], 2e-3, "lrn alpha=" + alpha);
        }
    }
}

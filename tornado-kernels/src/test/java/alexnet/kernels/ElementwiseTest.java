package alexnet.kernels;

import static alexnet.kernels.TestSupport.assertClose;
import static alexnet.kernels.TestSupport.assertGradient;
import static alexnet.kernels.TestSupport.dot;
import static alexnet.kernels.TestSupport.gaussian;
import static alexnet.kernels.TestSupport.poisoned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Bias, ReLU, tanh, dropout and the SGD update. */
class ElementwiseTest {

    private static final JvmExecutor EXEC = new JvmExecutor(2);

    @AfterAll
    static void close() {
        EXEC.close();
    }

    @Test
    void biasForwardAndBackward() {
        Random random = new Random(11);
        int batch = 3;
        int channels = 5;
        int plane = 7;
        float[] data = gaussian(random, batch * channels * plane, 1);
        float[] bias = gaussian(random, channels, 1);
        double[] expected = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            expected[i] = (double) data[i] + bias[(i / plane) % channels];
        }
        float[] shifted = data.clone();
        EXEC.parallelFor(batch * channels, (f, c) -> Bias.forward(shifted, bias, channels, plane, f, c));
        assertClose(expected, shifted, 1e-6, 1e-6, "bias forward");

        float[] outGrad = gaussian(random, data.length, 1);
        float[] biasGrad = poisoned(channels);
        EXEC.parallelFor(channels, (f, c) -> Bias.backward(outGrad, biasGrad, batch, channels, plane, f, c));
        float[] out = new float[data.length];
        assertGradient(bias, biasGrad, () -> {
            System.arraycopy(data, 0, out, 0, data.length);
            Bias.forward(out, bias, channels, plane, 0, batch * channels);
            return dot(out, outGrad);
        }, 1e-2f, 1e-3, "bias");
    }

    @Test
    void reluAndTanhForwardMatchReferenceAndBackwardMatchesFiniteDifferences() {
        Random random = new Random(12);
        int size = 101;
        float[] in = gaussian(random, size, 2);
        for (int i = 0; i < size; i++) {
            if (Math.abs(in[i]) < 0.05f) { // keep clear of ReLU's kink
                in[i] += 0.1f;
            }
        }
        in[0] = 30f; // tanh saturation
        in[1] = -30f;
        float[] out = poisoned(size);
        EXEC.parallelFor(size, (f, c) -> Activations.reluForward(in, out, f, c));
        double[] expected = new double[size];
        for (int i = 0; i < size; i++) {
            expected[i] = in[i] > 0 ? in[i] : 0;
        }
        assertClose(expected, out, 0, 0, "relu");
        float[] outGrad = gaussian(random, size, 1);
        float[] inGrad = poisoned(size);
        EXEC.parallelFor(size, (f, c) -> Activations.reluBackward(out, outGrad, inGrad, f, c));
        float[] probe = new float[size];
        assertGradient(in, inGrad, () -> {
            Activations.reluForward(in, probe, 0, size);
            return dot(probe, outGrad);
        }, 1e-2f, 1e-3, "relu");

        float[] tanh = poisoned(size);
        EXEC.parallelFor(size, (f, c) -> Activations.tanhForward(in, tanh, f, c));
        for (int i = 0; i < size; i++) {
            expected[i] = Math.tanh(in[i]);
        }
        assertClose(expected, tanh, 1e-6, 1e-7, "tanh");
        float[] tanhGrad = poisoned(size);
        EXEC.parallelFor(size, (f, c) -> Activations.tanhBackward(tanh, outGrad, tanhGrad, f, c));
        assertGradient(in, tanhGrad, () -> {
            Activations.tanhForward(in, probe, 0, size);
            return dot(probe, outGrad);
        }, 1e-3f, 2e-3, "tanh");
    }

    @Test
    void inPlaceReluKeepsWhatBackwardNeeds() {
        float[] x = {-1f, 2f, 0f, 3f};
        Activations.reluForward(x, x, 0, x.length);
        float[] grad = poisoned(4);
        Activations.reluBackward(x, new float[] {1f, 1f, 1f, 1f}, grad, 0, 4);
        assertClose(new double[] {0, 1, 0, 1}, grad, 0, 0, "in-place relu");
    }

    @Test
    void dropoutIsThePapersAndItsMaskIsAFunctionOfSeedAndIndex() {
        Random random = new Random(13);
        int size = 20_000;
        float[] in = gaussian(random, size, 1);
        float[] out = poisoned(size);
        long seed = 0x1234_5678_9abcL;
        EXEC.parallelFor(size, (f, c) -> Dropout.forward(in, out, seed, 0.5f, f, c));
        int kept = 0;
        for (int i = 0; i < size; i++) {
            boolean keep = Dropout.uniform(seed, i) >= 0.5f;
            assertEquals(keep ? in[i] : 0f, out[i], "dropout forward " + i); // kept units unscaled
            kept += keep ? 1 : 0;
        }
        assertTrue(Math.abs(kept - size / 2) < 4 * Math.sqrt(size / 4.0), "kept " + kept + " of " + size);

        float[] outGrad = gaussian(random, size, 1);
        float[] inGrad = poisoned(size);
        EXEC.parallelFor(size, (f, c) -> Dropout.backward(outGrad, inGrad, seed, 0.5f, f, c));
        for (int i = 0; i < size; i++) {
            assertEquals(out[i] == 0f && in[i] != 0f ? 0f : outGrad[i], inGrad[i], "dropout backward " + i);
        }

        float[] other = poisoned(size);
        Dropout.forward(in, other, seed + 1, 0.5f, 0, size);
        int same = 0;
        for (int i = 0; i < size; i++) {
            same += (other[i] == 0f) == (out[i] == 0f) ? 1 : 0;
        }
        assertTrue(same < size * 0.55, "another seed must give another mask: " + same + " agree");

        float[] test = poisoned(size);
        EXEC.parallelFor(size, (f, c) -> Dropout.inference(in, test, 0.5f, f, c));
        for (int i = 0; i < size; i++) {
            assertEquals(in[i] * 0.5f, test[i], "inference " + i);
        }
    }

    @Test
    void dropoutOnADevicesSliceDropsTheNeuronsTheWholeTensorDrops() {
        Random random = new Random(15);
        int batch = 3;
        int whole = 10;
        int offset = 4;
        int slice = 5; // neurons 4..8 of 10 per example
        long seed = -0x5DEECE66DL;
        float[] wholeIn = gaussian(random, batch * whole, 1);
        float[] wholeOut = poisoned(batch * whole);
        Dropout.forward(wholeIn, wholeOut, seed, 0.5f, 0, batch * whole);
        float[] sliceIn = poisoned(batch * slice);
        for (int n = 0; n < batch; n++) {
            System.arraycopy(wholeIn, n * whole + offset, sliceIn, n * slice, slice);
        }
        float[] sliceOut = poisoned(batch * slice);
        EXEC.parallelFor(batch * slice, (f, c) -> Dropout.forwardSlice(sliceIn, sliceOut, seed, 0.5f, slice, whole,
                offset, f, c));
        float[] sliceGrad = poisoned(batch * slice);
        EXEC.parallelFor(batch * slice, (f, c) -> Dropout.backwardSlice(sliceIn, sliceGrad, seed, 0.5f, slice, whole,
                offset, f, c));
        for (int n = 0; n < batch; n++) {
            for (int j = 0; j < slice; j++) {
                float expected = wholeOut[n * whole + offset + j];
                assertEquals(expected, sliceOut[n * slice + j], "forward, example " + n + " neuron " + (offset + j));
                assertEquals(expected, sliceGrad[n * slice + j], "backward, example " + n + " neuron " + (offset + j));
            }
        }
    }

    @Test
    void uniformIsUniformEnough() {
        int[] buckets = new int[10];
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            float u = Dropout.uniform(42L, i);
            assertTrue(u >= 0f && u < 1f);
            buckets[(int) (u * 10)]++;
        }
        for (int bucket : buckets) {
            assertTrue(Math.abs(bucket - draws / 10) < 500, "bucket " + bucket);
        }
    }

    @Test
    void sgdUpdateIsThePapersRule() {
        Random random = new Random(14);
        int size = 37;
        float[] w = gaussian(random, size, 1);
        float[] v = gaussian(random, size, 0.1);
        float[] g = gaussian(random, size, 1);
        float[] w0 = w.clone();
        float[] v0 = v.clone();
        float lr = 0.01f;
        EXEC.parallelFor(size, (f, c) -> Sgd.update(w, v, g, lr, Sgd.MOMENTUM, Sgd.WEIGHT_DECAY, f, c));
        double[] expectedV = new double[size];
        double[] expectedW = new double[size];
        for (int i = 0; i < size; i++) {
            expectedV[i] = 0.9 * v0[i] - 0.0005 * lr * w0[i] - lr * g[i];
            expectedW[i] = w0[i] + expectedV[i];
        }
        assertClose(expectedV, v, 1e-5, 1e-7, "velocity");
        assertClose(expectedW, w, 1e-6, 1e-7, "weights");
        assertEquals(0.9f, Sgd.MOMENTUM);
        assertEquals(0.0005f, Sgd.WEIGHT_DECAY);
    }
}

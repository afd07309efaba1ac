package alexnet.kernels;

import static alexnet.kernels.TestSupport.bitIdentical;
import static alexnet.kernels.TestSupport.gaussian;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every kernel gives bit-identical results on 1, 2 and 3 threads. */
class ThreadCountIndependenceTest {

    /** Runs {@code compute} on executors of 1, 2 and 3 threads and compares the float bits it returns. */
    private static void assertSameBits(String what, Function<JvmExecutor, float[]> compute) {
        float[] one;
        try (JvmExecutor exec = new JvmExecutor(1)) {
            one = compute.apply(exec);
        }
        for (int threads = 2; threads <= 3; threads++) {
            try (JvmExecutor exec = new JvmExecutor(threads)) {
                assertTrue(bitIdentical(one, compute.apply(exec)), what + " differs on " + threads + " threads");
            }
        }
    }

    private static float[] concat(float[]... parts) {
        int size = 0;
        for (float[] part : parts) {
            size += part.length;
        }
        float[] all = new float[size];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    @Test
    void convolution() {
        Random random = new Random(20);
        int batch = 3, channels = 4, h = 13, w = 11, filters = 6, ks = 3, stride = 2, pad = 1, groups = 2;
        int oh = Convolution.outputSize(h, ks, stride, pad);
        int ow = Convolution.outputSize(w, ks, stride, pad);
        float[] in = gaussian(random, batch * channels * h * w, 1);
        float[] weights = gaussian(random, filters * channels / groups * ks * ks, 1);
        float[] bias = gaussian(random, filters, 1);
        float[] outGrad = gaussian(random, batch * filters * oh * ow, 1);
        assertSameBits("convolution", exec -> {
            float[] out = new float[outGrad.length];
            float[] inGrad = new float[in.length];
            float[] wGrad = new float[weights.length];
            float[] bGrad = new float[filters];
            exec.parallelFor(batch * filters, (f, c) -> Convolution.forward(in, weights, bias, out, batch, channels,
                    h, w, filters, ks, stride, pad, groups, oh, ow, f, c));
            exec.parallelFor(batch * channels, (f, c) -> Convolution.backwardInput(outGrad, weights, inGrad, batch,
                    channels, h, w, filters, ks, stride, pad, groups, oh, ow, f, c));
            exec.parallelFor(filters, (f, c) -> Convolution.backwardWeights(in, outGrad, wGrad, bGrad, batch,
                    channels, h, w, filters, ks, stride, pad, groups, oh, ow, f, c));
            return concat(out, inGrad, wGrad, bGrad);
        });
    }

    @Test
    void gemmAndTranspose() {
        Random random = new Random(21);
        int m = 70, n = 600, k = 300;
        float[] a = gaussian(random, m * k, 1);
        float[] b = gaussian(random, k * n, 1);
        assertSameBits("gemm", exec -> {
            float[] nn = new float[m * n];
            float[] tn = new float[m * n];
            float[] t = new float[m * k];
            exec.parallelFor(Gemm.tiles(m, n), (f, c) -> Gemm.nn(a, 0, b, 0, nn, 0, m, n, k, 0f, f, c));
            exec.parallelFor(Gemm.tiles(m, n), (f, c) -> Gemm.tn(a, 0, b, 0, tn, 0, m, n, k, 0f, f, c));
            exec.parallelFor(Gemm.tiles(m, n), (f, c) -> Gemm.tn(a, 0, b, 0, tn, 0, m, n, k, 1f, f, c));
            exec.parallelFor(k, (f, c) -> Gemm.transpose(a, 0, t, 0, m, k, f, c));
            return concat(nn, tn, t);
        });
    }

    @Test
    void normalisationPoolingAndTheRest() {
        Random random = new Random(22);
        int batch = 3, channels = 7, h = 9, w = 9, plane = h * w;
        float[] in = gaussian(random, batch * channels * plane, 10);
        float[] grad = gaussian(random, in.length, 1);
        int oh = MaxPool.outputSize(h, 3, 2);
        float[] poolGrad = gaussian(random, batch * channels * oh * oh, 1);
        int[] labels = {1, 5, 2};
        float[] logits = gaussian(random, batch * 9, 3);
        assertSameBits("lrn, pooling, bias, activations, dropout, softmax, sgd", exec -> {
            int size = in.length;
            float[] lrnOut = new float[size];
            float[] scale = new float[size];
            float[] lrnGrad = new float[size];
            exec.parallelFor(batch * channels, (f, c) -> LocalResponseNorm.forward(in, lrnOut, scale, batch,
                    channels, plane, 2f, 5, 1e-4f, 0.75f, f, c));
            exec.parallelFor(batch * channels, (f, c) -> LocalResponseNorm.backward(in, lrnOut, scale, grad,
                    lrnGrad, batch, channels, plane, 5, 1e-4f, 0.75f, f, c));
            float[] pooled = new float[poolGrad.length];
            int[] argmax = new int[poolGrad.length];
            float[] poolInGrad = new float[size];
            exec.parallelFor(batch * channels, (f, c) -> MaxPool.forward(in, pooled, argmax, batch, channels, h, w,
                    3, 2, oh, oh, f, c));
            exec.parallelFor(batch * channels, (f, c) -> MaxPool.backward(poolGrad, argmax, poolInGrad, batch,
                    channels, h, w, oh, oh, f, c));
            float[] biased = in.clone();
            float[] biasGrad = new float[channels];
            exec.parallelFor(batch * channels, (f, c) -> Bias.forward(biased, scale, channels, plane, f, c));
            exec.parallelFor(channels, (f, c) -> Bias.backward(grad, biasGrad, batch, channels, plane, f, c));
            float[] act = new float[size];
            float[] actGrad = new float[size];
            exec.parallelFor(size, (f, c) -> Activations.tanhForward(in, act, f, c));
            exec.parallelFor(size, (f, c) -> Activations.tanhBackward(act, grad, actGrad, f, c));
            exec.parallelFor(size, (f, c) -> Activations.reluForward(act, act, f, c));
            float[] dropped = new float[size];
            exec.parallelFor(size, (f, c) -> Dropout.forward(act, dropped, 77L, 0.5f, f, c));
            float[] probs = new float[logits.length];
            float[] loss = new float[batch];
            float[] logitGrad = new float[logits.length];
            exec.parallelFor(batch, (f, c) -> SoftmaxCrossEntropy.forward(logits, labels, probs, loss, 9, f, c));
            exec.parallelFor(batch, (f, c) -> SoftmaxCrossEntropy.backward(probs, labels, logitGrad, batch, 9, f, c));
            float[] weights = in.clone();
            float[] velocity = grad.clone();
            exec.parallelFor(size, (f, c) -> Sgd.update(weights, velocity, grad, 0.01f, 0.9f, 0.0005f, f, c));
            return concat(lrnOut, lrnGrad, pooled, poolInGrad, biased, biasGrad, act, actGrad, dropped, probs, loss,
                    logitGrad, weights, velocity);
        });
    }
}

package alexnet.kernels;

import static alexnet.kernels.TestSupport.gaussian;
import static alexnet.kernels.TestSupport.poisoned;
import static alexnet.kernels.TestSupport.poisonedInts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.kernels.device.Lowering;
import alexnet.kernels.device.MatrixProducts;
import alexnet.kernels.device.Normalization;
import alexnet.kernels.device.Pooling;
import alexnet.kernels.device.Product;
import alexnet.kernels.device.Softmax;
import alexnet.kernels.device.Sums;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The device kernels (alexnet.kernels.device, one work-item per output) against the reference kernels
 * on random data, run here as plain Java; every output is poisoned with NaN before the call. Where the
 * device form adds the same terms in the same order the results must be bit-identical; the matrix
 * products sum a convolution's terms in another order than the direct kernels, so they are compared
 * to a tolerance relative to the sum of the terms' magnitudes.
 */
class DeviceKernelsTest {

    /** A convolution's geometry; {@code slices} cuts its weight gradient's depth (the batch) for the sums. */
    record Geometry(int batch, int channels, int height, int width, int filters, int size, int stride, int pad,
                    int groups, int slices) {
        int outHeight() {
            return Convolution.outputSize(height, size, stride, pad);
        }

        int outWidth() {
            return Convolution.outputSize(width, size, stride, pad);
        }

        int columns() {
            return batch * outHeight() * outWidth();
        }

        int groupRows() {
            return channels / groups * size * size;
        }

        int groupFilters() {
            return filters / groups;
        }
    }

    static Geometry geometry(String text) {
        String[] f = text.trim().split("\\s+");
        int[] v = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            v[i] = Integer.parseInt(f[i]);
        }
        return new Geometry(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }

    /** Convolution forward through im2col, one product per group and toImages, as the device step runs it. */
    static float[] lowered(Geometry g, float[] in, float[] w, float[] bias) {
        float[] col = poisoned(g.channels() * g.size() * g.size() * g.columns());
        Lowering.im2col(in, col, g.batch(), g.channels(), g.height(), g.width(), g.size(), g.stride(), g.pad(),
                g.outHeight(), g.outWidth());
        float[] cols = poisoned(g.filters() * g.columns());
        Product.nn(g.groupFilters(), g.columns(), g.groupRows())
                .batched(g.groups(), g.groupFilters() * g.groupRows(), g.groupRows() * g.columns(),
                        g.groupFilters() * g.columns())
                .multiply(w, col, cols);
        float[] out = poisoned(g.batch() * g.filters() * g.outHeight() * g.outWidth());
        Lowering.toImages(cols, bias, out, g.batch(), g.filters(), g.outHeight() * g.outWidth());
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"2 4 13 11 6 3 2 1 2 2", "3 3 27 27 8 11 4 0 1 3", "2 6 9 9 4 5 1 2 2 1",
            "4 4 7 7 8 3 1 1 2 4"})
    void convolutionThroughProductsMatchesTheDirectKernels(String text) {
        Geometry g = geometry(text);
        Random random = new Random(text.hashCode());
        int inSize = g.batch() * g.channels() * g.height() * g.width();
        int outSize = g.batch() * g.filters() * g.outHeight() * g.outWidth();
        int weightSize = g.filters() * g.groupRows();
        float[] in = gaussian(random, inSize, 1);
        float[] w = gaussian(random, weightSize, 1);
        float[] bias = gaussian(random, g.filters(), 1);
        float[] outGrad = gaussian(random, outSize, 1);
        int plane = g.outHeight() * g.outWidth();

        float[] expected = new float[outSize];
        Convolution.forward(in, w, bias, expected, g.batch(), g.channels(), g.height(), g.width(), g.filters(),
                g.size(), g.stride(), g.pad(), g.groups(), g.outHeight(), g.outWidth(), 0, g.batch() * g.filters());
        assertNear(expected, lowered(g, in, w, bias), g.groupRows(), "forward");

        // Backward as the device step runs it.
        float[] outGradCols = poisoned(outSize);
        Lowering.fromImages(outGrad, outGradCols, g.batch(), g.filters(), plane);
        float[] planeSums = poisoned(g.batch() * g.filters());
        Sums.planeSums(outGrad, planeSums, g.batch(), g.filters(), plane);
        float[] biasGrad = poisoned(g.filters());
        Sums.sumSlices(planeSums, biasGrad, g.batch(), g.filters());

        float[] col = poisoned(g.groupRows() * g.groups() * g.columns());
        Lowering.im2col(in, col, g.batch(), g.channels(), g.height(), g.width(), g.size(), g.stride(), g.pad(),
                g.outHeight(), g.outWidth());
        float[] partial = poisoned(g.slices() * weightSize);
        for (int group = 0; group < g.groups(); group++) {
            Product.nt(g.groupFilters(), g.groupRows(), g.columns())
                    .offsets(group * g.groupFilters() * g.columns(), group * g.groupRows() * g.columns(),
                            group * g.groupFilters() * g.groupRows())
                    .splitDepth(g.slices(), weightSize)
                    .multiply(outGradCols, col, partial);
        }
        float[] weightGrad = poisoned(weightSize);
        Sums.sumSlices(partial, weightGrad, g.slices(), weightSize);

        Product.tn(g.groupRows(), g.columns(), g.groupFilters())
                .batched(g.groups(), g.groupFilters() * g.groupRows(), g.groupFilters() * g.columns(),
                        g.groupRows() * g.columns())
                .multiply(w, outGradCols, col);
        float[] inGrad = poisoned(inSize);
        Lowering.col2im(col, inGrad, g.batch(), g.channels(), g.height(), g.width(), g.size(), g.stride(), g.pad(),
                g.outHeight(), g.outWidth());

        float[] expectedWeightGrad = new float[weightSize];
        float[] expectedBiasGrad = new float[g.filters()];
        Convolution.backwardWeights(in, outGrad, expectedWeightGrad, expectedBiasGrad, g.batch(), g.channels(),
                g.height(), g.width(), g.filters(), g.size(), g.stride(), g.pad(), g.groups(), g.outHeight(),
                g.outWidth(), 0, g.filters());
        float[] expectedInGrad = new float[inSize];
        Convolution.backwardInput(outGrad, w, expectedInGrad, g.batch(), g.channels(), g.height(), g.width(),
                g.filters(), g.size(), g.stride(), g.pad(), g.groups(), g.outHeight(), g.outWidth(), 0,
                g.batch() * g.channels());
        assertNear(expectedBiasGrad, biasGrad, g.batch() * plane, "bias gradient");
        assertNear(expectedWeightGrad, weightGrad, g.batch() * plane, "weight gradient");
        assertNear(expectedInGrad, inGrad, g.groupFilters() * g.size() * g.size(), "input gradient");
    }

    @ParameterizedTest
    @CsvSource({"5, 7, 3", "17, 9, 70", "64, 65, 63", "1, 130, 16", "3, 200, 5"})
    void stridedProductsMatchGemm(int m, int n, int k) {
        Random random = new Random(31L * m + n + 7L * k);
        float[] a = gaussian(random, m * k, 1);
        float[] b = gaussian(random, k * n, 1);
        float[] expected = new float[m * n];
        Gemm.nn(a, 0, b, 0, expected, 0, m, n, k, 0f, 0, Gemm.tiles(m, n));
        float[] c = poisoned(m * n);
        Product.nn(m, n, k).multiply(a, b, c);
        assertTrue(TestSupport.bitIdentical(expected, c), "nn");

        float[] aT = new float[k * m];
        Gemm.transpose(a, 0, aT, 0, m, k, 0, k);
        c = poisoned(m * n);
        Product.tn(m, n, k).multiply(aT, b, c);
        assertTrue(TestSupport.bitIdentical(expected, c), "tn");

        float[] bT = new float[n * k];
        Gemm.transpose(b, 0, bT, 0, k, n, 0, n);
        c = poisoned(m * n);
        Product.nt(m, n, k).multiply(a, bT, c);
        assertTrue(TestSupport.bitIdentical(expected, c), "nt");

        // The CPU device's forms, tiles of 4 x 8 and 4 x 4: the same sums in the same order.
        c = poisoned(m * n);
        alexnet.kernels.device.MatrixProducts.multiplyFourByEight(a, b, c, m, n, k, 0, k, 1, 0, 0, n, 0, 0, 0, 1);
        assertTrue(TestSupport.bitIdentical(expected, c), "nn by 4 x 8 tiles");
        c = poisoned(m * n);
        alexnet.kernels.device.MatrixProducts.multiplyFourByEight(aT, b, c, m, n, k, 0, 1, m, 0, 0, n, 0, 0, 0, 1);
        assertTrue(TestSupport.bitIdentical(expected, c), "tn by 4 x 8 tiles");
        c = poisoned(m * n);
        alexnet.kernels.device.MatrixProducts.multiplyFourByFour(a, bT, c, m, n, k, 0, k, 1, 0, 0, 1, k, 0, 0, 0, 1);
        assertTrue(TestSupport.bitIdentical(expected, c), "nt by 4 x 4 tiles");
        c = poisoned(m * n);
        alexnet.kernels.device.MatrixProducts.multiplyFourByFour(a, b, c, m, n, k, 0, k, 1, 0, 0, n, 1, 0, 0, 0, 1);
        assertTrue(TestSupport.bitIdentical(expected, c), "nn by 4 x 4 tiles");
    }

    /** The CPU forms on batched products at offsets (a convolution's groups): multiply's sums, bit for bit. */
    @ParameterizedTest
    @CsvSource({"5, 13, 7, 2", "4, 8, 3, 3", "9, 17, 33, 2", "1, 1, 4, 2", "150, 20, 5, 2"})
    void tilesOfBatchedProductsAtOffsetsMatchMultiplyExactly(int m, int n, int k, int products) {
        Random random = new Random(m * 1000L + n * 10L + k);
        for (Product p : List.of(Product.nn(m, n, k), Product.tn(m, n, k), Product.nt(m, n, k))) {
            // Operands and results 3, 5 and 2 numbers apart, after 7, 11 and 13 others.
            Product q = p.batched(products, m * k + 3, k * n + 5, m * n + 2).offsets(7, 11, 13);
            float[] a = gaussian(random, 7 + products * (m * k + 3), 1);
            float[] b = gaussian(random, 11 + products * (k * n + 5), 1);
            float[] expected = new float[13 + products * (m * n + 2)];
            q.multiply(a, b, expected);
            float[] c;
            if (q.bColStride() == 1) {
                c = poisonedProducts(expected, q);
                MatrixProducts.multiplyFourByEight(a, b, c, m, n, k, q.aOff(), q.aRowStride(), q.aDepthStride(),
                        q.aStep(), q.bOff(), q.bDepthStride(), q.bStep(), q.cOff(), q.cStep(), q.products());
                assertTrue(TestSupport.bitIdentical(expected, c), p + " batched at offsets, 4 x 8 tiles");
            }
            c = poisonedProducts(expected, q);
            MatrixProducts.multiplyFourByFour(a, b, c, m, n, k, q.aOff(), q.aRowStride(), q.aDepthStride(),
                    q.aStep(), q.bOff(), q.bDepthStride(), q.bColStride(), q.bStep(), q.cOff(), q.cStep(),
                    q.products());
            assertTrue(TestSupport.bitIdentical(expected, c), p + " batched at offsets, 4 x 4 tiles");
        }
    }

    /** {@code expected} with each of {@code p}'s products poisoned (NaN), the numbers between them kept. */
    private static float[] poisonedProducts(float[] expected, Product p) {
        float[] c = expected.clone();
        for (int z = 0; z < p.products(); z++) {
            int from = p.cOff() + z * p.cStep();
            java.util.Arrays.fill(c, from, from + p.m() * p.n(), Float.NaN);
        }
        return c;
    }

    @ParameterizedTest
    @CsvSource({"2, 5, 9, 9, 3, 2", "3, 4, 13, 13, 3, 2", "2, 3, 8, 8, 2, 2", "1, 2, 27, 27, 3, 2"})
    void poolingMatchesMaxPoolExactly(int batch, int channels, int height, int width, int window, int stride) {
        Random random = new Random(batch * 1000L + height);
        int oh = MaxPool.outputSize(height, window, stride), ow = MaxPool.outputSize(width, window, stride);
        int inSize = batch * channels * height * width, outSize = batch * channels * oh * ow;
        float[] in = gaussian(random, inSize, 1);
        for (int i = 0; i < inSize; i += 7) {
            in[i] = in[(i + 1) % inSize]; // ties, where the first maximum must win
        }
        float[] outGrad = gaussian(random, outSize, 1);
        float[] expectedOut = new float[outSize];
        int[] expectedArgmax = new int[outSize];
        MaxPool.forward(in, expectedOut, expectedArgmax, batch, channels, height, width, window, stride, oh, ow, 0,
                batch * channels);
        float[] expectedInGrad = new float[inSize];
        MaxPool.backward(outGrad, expectedArgmax, expectedInGrad, batch, channels, height, width, oh, ow, 0,
                batch * channels);

        float[] out = poisoned(outSize);
        int[] argmax = poisonedInts(outSize);
        Pooling.forward(in, out, argmax, batch, channels, height, width, window, stride, oh, ow);
        float[] inGrad = poisoned(inSize);
        Pooling.backward(outGrad, argmax, inGrad, batch, channels, height, width, window, stride, oh, ow);
        assertArrayEquals(expectedOut, out);
        assertArrayEquals(expectedArgmax, argmax);
        assertTrue(TestSupport.bitIdentical(expectedInGrad, inGrad), "input gradient");
    }

    @ParameterizedTest
    @CsvSource({"2, 7, 30", "3, 96, 9", "1, 3, 5"})
    void normalizationMatchesLocalResponseNormExactly(int batch, int channels, int plane) {
        Random random = new Random(channels * 100L + plane);
        int size = batch * channels * plane;
        float[] in = gaussian(random, size, 20);
        float[] outGrad = gaussian(random, size, 1);
        float k = LocalResponseNorm.K, alpha = LocalResponseNorm.ALPHA, beta = LocalResponseNorm.BETA;
        int n = LocalResponseNorm.SIZE;
        float[] expectedOut = new float[size], expectedScale = new float[size], expectedInGrad = new float[size];
        LocalResponseNorm.forward(in, expectedOut, expectedScale, batch, channels, plane, k, n, alpha, beta, 0,
                batch * channels);
        LocalResponseNorm.backward(in, expectedOut, expectedScale, outGrad, expectedInGrad, batch, channels, plane, n,
                alpha, beta, 0, batch * channels);
        float[] out = poisoned(size), scale = poisoned(size), inGrad = poisoned(size);
        Normalization.forward(in, out, scale, batch, channels, plane, k, n, alpha, beta);
        Normalization.backward(in, out, scale, outGrad, inGrad, batch, channels, plane, n, alpha, beta);
        assertTrue(TestSupport.bitIdentical(expectedOut, out), "forward");
        assertTrue(TestSupport.bitIdentical(expectedScale, scale), "scale");
        assertTrue(TestSupport.bitIdentical(expectedInGrad, inGrad), "backward");
    }

    @ParameterizedTest
    @CsvSource({"4, 10", "3, 1000", "1, 2"})
    void softmaxMatchesTheReferenceExactly(int batch, int classes) {
        Random random = new Random(batch * 7919L + classes);
        float[] logits = gaussian(random, batch * classes, 8);
        int[] labels = new int[batch];
        for (int n = 0; n < batch; n++) {
            labels[n] = random.nextInt(classes);
        }
        float[] expectedProbs = new float[batch * classes], expectedLoss = new float[batch];
        float[] expectedGrad = new float[batch * classes];
        SoftmaxCrossEntropy.forward(logits, labels, expectedProbs, expectedLoss, classes, 0, batch);
        SoftmaxCrossEntropy.backward(expectedProbs, labels, expectedGrad, batch, classes, 0, batch);
        float[] rowMax = poisoned(batch), rowSum = poisoned(batch), loss = poisoned(batch);
        float[] probs = poisoned(batch * classes), grad = poisoned(batch * classes);
        Softmax.rows(logits, labels, rowMax, rowSum, loss, batch, classes);
        Softmax.probabilities(logits, rowMax, rowSum, probs, batch, classes);
        Softmax.backward(probs, labels, grad, batch, classes);
        assertTrue(TestSupport.bitIdentical(expectedLoss, loss), "loss");
        assertTrue(TestSupport.bitIdentical(expectedProbs, probs), "probabilities");
        assertTrue(TestSupport.bitIdentical(expectedGrad, grad), "gradient");
    }

    @ParameterizedTest
    @CsvSource({"5, 7", "128, 10", "1, 3"})
    void fullyConnectedBiasMatchesBias(int batch, int outputs) {
        Random random = new Random(batch + 100L * outputs);
        float[] data = gaussian(random, batch * outputs, 1);
        float[] bias = gaussian(random, outputs, 1);
        float[] expected = data.clone();
        Bias.forward(expected, bias, outputs, 1, 0, batch * outputs);
        Sums.addRowBias(data, bias, batch, outputs);
        assertTrue(TestSupport.bitIdentical(expected, data), "forward");

        float[] expectedGrad = new float[outputs];
        Bias.backward(expected, expectedGrad, batch, outputs, 1, 0, outputs);
        float[] grad = poisoned(outputs);
        Sums.sumSlices(expected, grad, batch, outputs);
        assertTrue(TestSupport.bitIdentical(expectedGrad, grad), "gradient");
    }

    /**
     * Every element within 1e-5 of (1 + |expected|) times the square root of the number of terms: float
     * sums of {@code terms} unit-sized products in two orders differ by about sqrt(terms) 2^-24 each.
     */
    private static void assertNear(float[] expected, float[] actual, int terms, String what) {
        assertEquals(expected.length, actual.length, what);
        double bound = 1e-5 * Math.sqrt(terms);
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]);
            assertTrue(error <= bound * (1 + Math.abs(expected[i])),
                    what + "[" + i + "] = " + actual[i] + ", expected " + expected[i]);
        }
    }
}

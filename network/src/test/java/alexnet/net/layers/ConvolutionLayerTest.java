package alexnet.net.layers;

import static org.junit.jupiter.api.Assertions.fail;

import alexnet.kernels.Convolution;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.Shape;
import alexnet.net.spec.WeightInit;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The lowered (im2col / im2row / col2im + GEMM, or Winograd) convolution layer against the direct
 * convolution kernels.
 */
class ConvolutionLayerTest {

    private static final JvmExecutor DEVICE = new JvmExecutor(2);
    private static final Random RANDOM = new Random(2012);

    @AfterAll
    static void close() {
        DEVICE.close();
    }

    private static void fillGaussian(float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) RANDOM.nextGaussian();
        }
    }

    @RepeatedTest(12)
    void matchesTheDirectKernels() {
        int groups = 1 + RANDOM.nextInt(2);
        int size = new int[] {1, 3, 5, 11}[RANDOM.nextInt(4)];
        int stride = 1 + RANDOM.nextInt(4);
        int pad = RANDOM.nextInt(Math.min(size, 3));
        int channels = groups * (1 + RANDOM.nextInt(3));
        int filters = groups * (1 + RANDOM.nextInt(20));
        int height = size + RANDOM.nextInt(9);
        int width = size + RANDOM.nextInt(9);
        int batch = 1 + RANDOM.nextInt(11); // crosses the weight gradient's 8-image chunks
        check(new LayerSpec.Conv("conv", filters, size, stride, pad, groups, 0f), new Shape(channels, height, width),
                batch);
    }

    @Test
    void bothWeightGradientOrientationsMatchTheDirectKernels() {
        // Stride 1 builds the weight gradient from im2col (transposed), other strides from im2row;
        // a 4x4 stride-1 layer (3x3 and 5x5 go through Winograd) and conv1's geometry in miniature, two
        // groups, batches across the 8-image chunks.
        check(new LayerSpec.Conv("stride 1", 8, 4, 1, 1, 2, 0f), new Shape(6, 9, 7), 10);
        check(new LayerSpec.Conv("conv1-like", 6, 11, 4, 0, 1, 0f), new Shape(3, 27, 23), 9);
    }

    @Test
    void winogradLayersMatchTheDirectKernels() {
        // 3x3 stride 1 goes through Winograd F(2x2, 3x3): conv3's geometry (pad 1, odd output, so the
        // last 2x2 blocks stick out), conv4/5's two groups, an even output, and pads 0 and 2.
        check(new LayerSpec.Conv("conv3-like", 12, 3, 1, 1, 1, 0f), new Shape(8, 13, 13), 3);
        check(new LayerSpec.Conv("conv5-like", 10, 3, 1, 1, 2, 0f), new Shape(6, 7, 9), 9);
        check(new LayerSpec.Conv("even", 5, 3, 1, 1, 1, 0f), new Shape(3, 8, 6), 2);
        check(new LayerSpec.Conv("pad 0", 4, 3, 1, 0, 1, 0f), new Shape(5, 9, 8), 2);
        check(new LayerSpec.Conv("pad 2", 4, 3, 1, 2, 2, 0f), new Shape(4, 5, 3), 2);
        // Filters and channels past a vector (40 = 16 + 16 + 8, 20 = 16 + 4): the transforms' vector
        // paths, and their scalar rest.
        check(new LayerSpec.Conv("wide", 40, 3, 1, 1, 1, 0f), new Shape(20, 7, 6), 2);
    }

    @Test
    void winograd5x5LayersMatchTheDirectKernels() {
        // 5x5 stride 1 goes through Winograd F(3x3, 5x5): conv2's geometry in miniature (pad 2, two
        // groups, batch across the weight gradient's 8-image chunks), outputs whose last blocks are
        // cut to one or two rows and columns (9x7, 8x6, 7x5, 13x11), pads 0 and 4 (the input
        // gradient's pad is 4 - pad).
        check(new LayerSpec.Conv("conv2-like", 8, 5, 1, 2, 2, 0f), new Shape(6, 9, 7), 10);
        check(new LayerSpec.Conv("even", 5, 5, 1, 2, 1, 0f), new Shape(3, 8, 6), 2);
        check(new LayerSpec.Conv("pad 0", 4, 5, 1, 0, 1, 0f), new Shape(5, 11, 9), 2);
        check(new LayerSpec.Conv("pad 4", 4, 5, 1, 4, 2, 0f), new Shape(4, 5, 3), 2);
        // Tiles (20 = 16 + 4 for a 13x11 output), filters (40) and channels (20) past a vector: the
        // transforms' vector paths, and their scalar rest.
        check(new LayerSpec.Conv("wide", 40, 5, 1, 2, 1, 0f), new Shape(20, 13, 11), 2);
    }

    private static void check(LayerSpec.Conv spec, Shape in, int batch) {
        int groups = spec.groups(), size = spec.size(), stride = spec.stride(), pad = spec.pad();
        int channels = in.channels(), filters = spec.kernels(), height = in.height(), width = in.width();
        ConvolutionLayer layer = new ConvolutionLayer(spec, in, batch, WeightInit.HE);
        Shape out = layer.outputShape();
        String what = spec + " on " + in + ", batch " + batch;

        Blob input = new Blob(in, batch);
        Blob output = new Blob(out, batch);
        fillGaussian(input.data());
        fillGaussian(layer.params().get(0).value());
        fillGaussian(layer.params().get(1).value());
        Arrays.fill(output.data(), Float.NaN);
        layer.forward(input, output, batch, new Layer.Pass(true, 0), DEVICE);
        float[] expected = new float[output.data().length];
        float[] w = layer.params().get(0).value();
        float[] b = layer.params().get(1).value();
        DEVICE.parallelFor(batch * filters, (first, count) -> Convolution.forward(input.data(), w, b, expected, batch,
                channels, height, width, filters, size, stride, pad, groups, out.height(), out.width(), first, count));
        assertClose(expected, output.data(), "forward " + what);

        fillGaussian(output.grad());
        Arrays.fill(input.grad(), Float.NaN);
        Arrays.fill(layer.params().get(0).grad(), Float.NaN);
        Arrays.fill(layer.params().get(1).grad(), Float.NaN);
        layer.backward(input, output, batch, true, DEVICE);
        float[] inGrad = new float[input.grad().length];
        float[] weightGrad = new float[w.length];
        float[] biasGrad = new float[b.length];
        DEVICE.parallelFor(batch * channels, (first, count) -> Convolution.backwardInput(output.grad(), w, inGrad,
                batch, channels, height, width, filters, size, stride, pad, groups, out.height(), out.width(),
                first, count));
        DEVICE.parallelFor(filters, (first, count) -> Convolution.backwardWeights(input.data(), output.grad(),
                weightGrad, biasGrad, batch, channels, height, width, filters, size, stride, pad, groups,
                out.height(), out.width(), first, count));
        assertClose(inGrad, input.grad(), "input gradient " + what);
        assertClose(weightGrad, layer.params().get(0).grad(), "weight gradient " + what);
        assertClose(biasGrad, layer.params().get(1).grad(), "bias gradient " + what);
    }

    /** Same sums in another order (and fused multiply-adds): agreement to 1e-4 of the largest value. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        double scale = 1;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= 1e-4 * scale)) {
                fail(what + ": element " + i + " is " + actual[i] + ", the direct kernel gives " + expected[i]);
            }
        }
    }
}

package alexnet.kernels;

import static alexnet.kernels.TestSupport.assertClose;
import static alexnet.kernels.TestSupport.assertGradient;
import static alexnet.kernels.TestSupport.dot;
import static alexnet.kernels.TestSupport.gaussian;
import static alexnet.kernels.TestSupport.poisoned;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ConvolutionTest {

    private static final JvmExecutor EXEC = new JvmExecutor(2);

    @AfterAll
    static void close() {
        EXEC.close();
    }

    /** One random convolution problem. */
    record Shape(int batch, int channels, int height, int width, int filters, int kernelSize, int stride,
                 int pad, int groups) {
        int outHeight() {
            return Convolution.outputSize(height, kernelSize, stride, pad);
        }

        int outWidth() {
            return Convolution.outputSize(width, kernelSize, stride, pad);
        }

        int inSize() {
            return batch * channels * height * width;
        }

        int outSize() {
            return batch * filters * outHeight() * outWidth();
        }

        int weightSize() {
            return filters * (channels / groups) * kernelSize * kernelSize;
        }

        static Shape random(Random random, int maxBatch) {
            int groups = 1 + random.nextInt(3);
            int kernelSize = new int[] {1, 2, 3, 5}[random.nextInt(4)];
            int stride = 1 + random.nextInt(4);
            int pad = random.nextInt(Math.min(kernelSize, 3));
            return new Shape(1 + random.nextInt(maxBatch), groups * (1 + random.nextInt(3)),
                    kernelSize + random.nextInt(9), kernelSize + random.nextInt(9),
                    groups * (1 + random.nextInt(3)), kernelSize, stride, pad, groups);
        }
    }

    private static void forward(Shape s, float[] in, float[] w, float[] b, float[] out) {
        EXEC.parallelFor(s.batch() * s.filters(), (first, count) -> Convolution.forward(in, w, b, out,
                s.batch(), s.channels(), s.height(), s.width(), s.filters(), s.kernelSize(), s.stride(),
                s.pad(), s.groups(), s.outHeight(), s.outWidth(), first, count));
    }

    /** Textbook convolution in double, bounds checked per tap. */
    private static double[] reference(Shape s, float[] in, float[] w, float[] b) {
        int oh = s.outHeight();
        int ow = s.outWidth();
        int cg = s.channels() / s.groups();
        int fg = s.filters() / s.groups();
        double[] out = new double[s.outSize()];
        for (int n = 0; n < s.batch(); n++) {
            for (int f = 0; f < s.filters(); f++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        double sum = b[f];
                        for (int c = 0; c < cg; c++) {
                            int channel = (f / fg) * cg + c;
                            for (int r = 0; r < s.kernelSize(); r++) {
                                for (int q = 0; q < s.kernelSize(); q++) {
                                    int iy = y * s.stride() - s.pad() + r;
                                    int ix = x * s.stride() - s.pad() + q;
                                    if (iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width()) {
                                        sum += (double) w[((f * cg + c) * s.kernelSize() + r) * s.kernelSize() + q]
                                                * in[((n * s.channels() + channel) * s.height() + iy) * s.width() + ix];
                                    }
                                }
                            }
                        }
                        out[((n * s.filters() + f) * oh + y) * ow + x] = sum;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void forwardMatchesReferenceOnRandomShapes() {
        Random random = new Random(1);
        for (int trial = 0; trial < 40; trial++) {
            Shape s = Shape.random(random, 3);
            float[] in = gaussian(random, s.inSize(), 1);
            float[] w = gaussian(random, s.weightSize(), 1);
            float[] b = gaussian(random, s.filters(), 1);
            float[] out = poisoned(s.outSize());
            forward(s, in, w, b, out);
            assertClose(reference(s, in, w, b), out, 1e-5, 1e-4, "conv forward " + s);
        }
    }

    @Test
    void forwardMatchesReferenceOnAlexNetLikeShapes() {
        Random random = new Random(2);
        Shape[] shapes = {
            new Shape(2, 3, 27, 27, 4, 11, 4, 0, 1),   // conv1: 11x11 stride 4
            new Shape(1, 4, 9, 9, 6, 5, 1, 2, 2),      // conv2: 5x5 pad 2, two groups
            new Shape(2, 4, 7, 7, 4, 3, 1, 1, 2),      // conv4/5: 3x3 pad 1, two groups
        };
        for (Shape s : shapes) {
            float[] in = gaussian(random, s.inSize(), 1);
            float[] w = gaussian(random, s.weightSize(), 1);
            float[] b = gaussian(random, s.filters(), 1);
            float[] out = poisoned(s.outSize());
            forward(s, in, w, b, out);
            assertClose(reference(s, in, w, b), out, 1e-5, 1e-4, "conv forward " + s);
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Random random = new Random(3);
        for (int trial = 0; trial < 8; trial++) {
            Shape s = Shape.random(random, 2);
            float[] in = gaussian(random, s.inSize(), 1);
            float[] w = gaussian(random, s.weightSize(), 1);
            float[] b = gaussian(random, s.filters(), 1);
            float[] outGrad = gaussian(random, s.outSize(), 1);
            float[] out = new float[s.outSize()];
            float[] inGrad = poisoned(s.inSize());
            float[] wGrad = poisoned(s.weightSize());
            float[] bGrad = poisoned(s.filters());
            EXEC.parallelFor(s.batch() * s.channels(), (first, count) -> Convolution.backwardInput(outGrad, w,
                    inGrad, s.batch(), s.channels(), s.height(), s.width(), s.filters(), s.kernelSize(),
                    s.stride(), s.pad(), s.groups(), s.outHeight(), s.outWidth(), first, count));
            EXEC.parallelFor(s.filters(), (first, count) -> Convolution.backwardWeights(in, outGrad, wGrad,
                    bGrad, s.batch(), s.channels(), s.height(), s.width(), s.filters(), s.kernelSize(),
                    s.stride(), s.pad(), s.groups(), s.outHeight(), s.outWidth(), first, count));
            java.util.function.DoubleSupplier loss = () -> {
                forward(s, in, w, b, out);
                return dot(out, outGrad);
            };
            assertGradient(in, inGrad, loss, 1e-2f, 2e-3, "conv input " + s);
            assertGradient(w, wGrad, loss, 1e-2f, 2e-3, "conv weights " + s);
            assertGradient(b, bGrad, loss, 1e-2f, 2e-3, "conv bias " + s);
        }
    }
}

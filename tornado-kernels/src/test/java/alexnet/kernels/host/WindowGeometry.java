package alexnet.kernels.host;

import java.util.Random;

/**
 * A random convolution window geometry for the im2col and im2row tests: kernels 1-11 (conv1's 11
 * within an AVX-512 vector, wider than an AVX2 one), strides 1-4 (conv1's 4 among them), pads 0-2,
 * 1-3 channels, inputs as narrow as the kernel allows, with at least one output.
 */
record WindowGeometry(int kernel, int stride, int pad, int channels, int height, int width) {

    static WindowGeometry random(Random random) {
        int kernel = new int[] {1, 3, 5, 11}[random.nextInt(4)];
        int pad = random.nextInt(3);
        int smallest = Math.max(1, kernel - 2 * pad);
        return new WindowGeometry(kernel, 1 + random.nextInt(4), pad, 1 + random.nextInt(3),
                smallest + random.nextInt(40), smallest + random.nextInt(80));
    }

    int outHeight() {
        return (height + 2 * pad - kernel) / stride + 1;
    }

    int outWidth() {
        return (width + 2 * pad - kernel) / stride + 1;
    }

    /** The col rows (c, r, s), or the elements of an im2row row. */
    int windowSize() {
        return channels * kernel * kernel;
    }

    /** A random input of channels x height x width floats after off unused ones. */
    float[] input(Random random, int off) {
        float[] in = new float[off + channels * height * width];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) random.nextGaussian();
        }
        return in;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width + ", kernel " + kernel + ", stride " + stride + ", pad " + pad;
    }
}

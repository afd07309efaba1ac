package alexnet.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Per-channel bias, for the fully connected layers (plane = 1) or any [batch][channels][plane] tensor.
 * (Convolution adds its own bias.)
 */
public final class Bias {

    private Bias() {
    }

    /**
     * data[n][c][x] += bias[c], in place.
     * <pre>
     * data: [batch][channels][plane]    bias: [channels]
     * parallel: batch * channels (n, c) rows
     * </pre>
     */
    public static void forward(float[] data, float[] bias, int channels, int plane, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            float b = bias[i % channels];
            int base = i * plane;
            for (int x = 0; x < plane; x++) {
                data[base + x] += b;
            }
        }
    }

    /**
     * biasGrad[c] = sum over n, x of outGrad[n][c][x], summed n-major (overwrites biasGrad).
     * <pre>
     * outGrad: [batch][channels][plane]    biasGrad: [channels]
     * parallel: channels
     * </pre>
     */
    public static void backward(float[] outGrad, float[] biasGrad, int batch, int channels, int plane,
                                int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int c = first + t;
            float sum = 0f;
            for (int n = 0; n < batch; n++) {
                int base = (n * channels + c) * plane;
                for (int x = 0; x < plane; x++) {
                    sum += outGrad[base + x];
                }
            }
            biasGrad[c] = sum;
        }
    }
}

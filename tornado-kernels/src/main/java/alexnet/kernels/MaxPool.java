package alexnet.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Max-pooling over square windows, overlapping (window 3, stride 2: AlexNet) or not (2, 2). No padding.
 *
 * <pre>
 * in:     [batch][channels][height][width]
 * out:    [batch][channels][outHeight][outWidth],  outHeight = (height - window) / stride + 1
 * argmax: like out; the index into in (whole array) of the element each output took
 * </pre>
 *
 * Tie rule: the FIRST maximum in row-major window order wins (a later element must be strictly
 * greater to replace it); backward routes the gradient to exactly that element.
 */
public final class MaxPool {

    private MaxPool() {
    }

    /** Output height or width: {@code (size - window) / stride + 1}. */
    public static int outputSize(int size, int window, int stride) {
        return (size - window) / stride + 1;
    }

    /**
     * out = window maxima, argmax = where they were.
     * <pre>
     * parallel: batch * channels planes
     * </pre>
     */
    public static void forward(float[] in, float[] out, int[] argmax, int batch, int channels,
                               int height, int width, int window, int stride, int outHeight, int outWidth,
                               int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            int inPlane = i * height * width;
            int outPlane = i * outHeight * outWidth;
            for (int oh = 0; oh < outHeight; oh++) {
                for (int ow = 0; ow < outWidth; ow++) {
                    int best = inPlane + oh * stride * width + ow * stride;
                    float max = in[best];
                    for (int r = 0; r < window; r++) {
                        int row = inPlane + (oh * stride + r) * width + ow * stride;
                        for (int s = 0; s < window; s++) {
                            if (in[row + s] > max) {
                                max = in[row + s];
                                best = row + s;
                            }
                        }
                    }
                    out[outPlane + oh * outWidth + ow] = max;
                    argmax[outPlane + oh * outWidth + ow] = best;
                }
            }
        }
    }

    /**
     * inGrad = outGrad routed to the argmax of each window (overwrites inGrad); where windows overlap,
     * contributions add up in row-major output order.
     * <pre>
     * parallel: batch * channels planes (argmax never leaves its own plane)
     * </pre>
     */
    public static void backward(float[] outGrad, int[] argmax, float[] inGrad, int batch, int channels,
                                int height, int width, int outHeight, int outWidth, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            int inPlane = i * height * width;
            int outPlane = i * outHeight * outWidth;
            for (int x = 0; x < height * width; x++) {
                inGrad[inPlane + x] = 0f;
            }
            for (int o = 0; o < outHeight * outWidth; o++) {
                inGrad[argmax[outPlane + o]] += outGrad[outPlane + o];
            }
        }
    }
}

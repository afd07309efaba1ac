package alexnet.kernels.device;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Overlapping max-pooling ({@link alexnet.kernels.MaxPool}'s arithmetic and tie rule: the first maximum
 * in row-major window order wins) with one work-item per output element forward and one per input
 * element backward. The backward gathers: each input element looks at the few windows that contain it
 * (at most 2 x 2 for AlexNet's 3 / 2) and sums the gradients of those whose argmax it is, so no two
 * work-items write the same element and no atomics are needed.
 * <pre>
 * in, inGrad: [batch][channels][height][width]
 * out, outGrad, argmax: [batch][channels][outHeight][outWidth]; argmax indexes the whole of in
 * </pre>
 */
public final class Pooling {

    private Pooling() {
    }

    /** out = the window's maximum, argmax = its index in in. parallel: every element of out. */
    public static void forward(float[] in, float[] out, int[] argmax, int batch, int channels, int height, int width,
                               int window, int stride, int outHeight, int outWidth) {
        int total = batch * channels * outHeight * outWidth;
        for (@Parallel int e = 0; e < total; e++) {
            int ow = e % outWidth;
            int oh = (e / outWidth) % outHeight;
            int plane = e / (outWidth * outHeight);
            int corner = (plane * height + oh * stride) * width + ow * stride;
            int best = corner;
            float max = in[corner];
            for (int r = 0; r < window; r++) {
                for (int s = 0; s < window; s++) {
                    int i = corner + r * width + s;
                    if (in[i] > max) {
                        max = in[i];
                        best = i;
                    }
                }
            }
            out[e] = max;
            argmax[e] = best;
        }
    }

    /**
     * inGrad[i] = the sum of outGrad over the windows whose argmax is i, in row-major output order.
     * <pre>
     * parallel: every element of inGrad
     * </pre>
     */
    public static void backward(float[] outGrad, int[] argmax, float[] inGrad, int batch, int channels, int height,
                                int width, int window, int stride, int outHeight, int outWidth) {
        int total = batch * channels * height * width;
        for (@Parallel int e = 0; e < total; e++) {
            int w = e % width;
            int h = (e / width) % height;
            int plane = e / (width * height);
            // Windows oh * stride .. oh * stride + window - 1 that contain h.
            int ohFirst = h < window ? 0 : (h - window) / stride + 1;
            int ohLast = Math.min(h / stride, outHeight - 1);
            int owFirst = w < window ? 0 : (w - window) / stride + 1;
            int owLast = Math.min(w / stride, outWidth - 1);
            float sum = 0f;
            for (int oh = ohFirst; oh <= ohLast; oh++) {
                for (int ow = owFirst; ow <= owLast; ow++) {
                    int o = (plane * outHeight + oh) * outWidth + ow;
                    if (argmax[o] == e) {
                        sum += outGrad[o];
                    }
                }
            }
            inGrad[e] = sum;
        }
    }
}

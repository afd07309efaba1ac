package alexnet.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Local response normalization across channels, the paper's formula:
 * <pre>
 * b[c] = a[c] / (k + alpha * sum_{j = max(0, c - size/2)}^{min(C - 1, c + size/2)} a[j]^2)^beta
 * </pre>
 * with the paper's constants k = 2, size = 5, alpha = 1e-4, beta = 0.75. Unlike Caffe and PyTorch, alpha
 * is NOT divided by size. At the first and last channels the window is clipped to the channels that
 * exist (fewer terms in the sum), as the formula's max/min say.
 *
 * <pre>
 * in, out, scale: [batch][channels][plane]   (plane = height * width)
 * scale holds k + alpha * sum(a^2) from forward; backward needs it and forward's out.
 * </pre>
 */
public final class LocalResponseNorm {

    public static final float K = 2f;
    public static final int SIZE = 5;
    public static final float ALPHA = 1e-4f;
    public static final float BETA = 0.75f;

    private LocalResponseNorm() {
    }

    /**
     * out = in / scale^beta, scale = k + alpha * (window sum of in^2).
     * <pre>
     * parallel: batch * channels planes (n = i / channels, c = i % channels)
     * </pre>
     */
    public static void forward(float[] in, float[] out, float[] scale, int batch, int channels, int plane,
                               float k, int size, float alpha, float beta, int first, int count) {
        int half = size / 2;
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            int n = i / channels;
            int c = i % channels;
            int lo = Math.max(0, c - half);
            int hi = Math.min(channels - 1, c + half);
            int base = i * plane;
            // The window sum is built in scale, one whole plane per channel of the window: every
            // inner loop then runs along a contiguous plane (which the JIT vectorises), and each
            // element still adds its terms in channel order.
            for (int x = 0; x < plane; x++) {
                scale[base + x] = 0f;
            }
            for (int j = lo; j <= hi; j++) {
                int window = (n * channels + j) * plane;
                for (int x = 0; x < plane; x++) {
                    float a = in[window + x];
                    scale[base + x] += a * a;
                }
            }
            for (int x = 0; x < plane; x++) {
                float s = k + alpha * scale[base + x];
                scale[base + x] = s;
                out[base + x] = in[base + x] * inversePower(s, beta);
            }
        }
    }

    /**
     * inGrad = d loss / d in, from outGrad and forward's in, out and scale.
     * <pre>
     * d b[j] / d a[c] = [j == c] scale[c]^-beta - 2 alpha beta a[c] b[j] / scale[j]   (for c in window(j))
     * inGrad[c] = outGrad[c] scale[c]^-beta - 2 alpha beta a[c] sum_{j in window(c)} outGrad[j] b[j] / scale[j]
     * parallel: batch * channels planes
     * </pre>
     * The window is symmetric, so "c in window(j)" is "j in window(c)", clipped the same way.
     */
    public static void backward(float[] in, float[] out, float[] scale, float[] outGrad, float[] inGrad,
                                int batch, int channels, int plane, int size, float alpha, float beta,
                                int first, int count) {
        int half = size / 2;
        float twoAlphaBeta = 2f * alpha * beta;
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            int n = i / channels;
            int c = i % channels;
            int lo = Math.max(0, c - half);
            int hi = Math.min(channels - 1, c + half);
            int base = i * plane;
            // inGrad[c] first holds the cross sum, built plane by plane as in forward.
            for (int x = 0; x < plane; x++) {
                inGrad[base + x] = 0f;
            }
            for (int j = lo; j <= hi; j++) {
                int window = (n * channels + j) * plane;
                for (int x = 0; x < plane; x++) {
                    inGrad[base + x] += outGrad[window + x] * out[window + x] / scale[window + x];
                }
            }
            for (int x = 0; x < plane; x++) {
                inGrad[base + x] = outGrad[base + x] * inversePower(scale[base + x], beta)
                        - twoAlphaBeta * in[base + x] * inGrad[base + x];
            }
        }
    }

    /**
     * s^-beta. For the paper's beta = 3/4 it is 1 / (sqrt(s) * sqrt(sqrt(s))): two square roots
     * cost a fraction of a general power, which made LRN the slowest layer of the step on the JVM.
     * The roots are taken in float ({@code (float) Math.sqrt(float)} compiles to a single-precision
     * square root): in double, the conversions keep C2 from vectorising the loops that call this
     * (JDK 17), and the float form is 2x faster for norm1's forward, within 3 ulp of the double one.
     * Public for the JVM's fast path of backward, which must round exactly as this does.
     */
    public static float inversePower(float s, float beta) {
        if (beta == 0.75f) {
            float root = (float) Math.sqrt(s);
            return 1f / (root * (float) Math.sqrt(root));
        }
        return (float) Math.pow(s, -beta);
    }
}

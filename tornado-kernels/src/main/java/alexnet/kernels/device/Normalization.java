package alexnet.kernels.device;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;

/**
 * The paper's local response normalisation ({@link alexnet.kernels.LocalResponseNorm}'s formula, constants
 * and clipped window) with one work-item per element, in single precision throughout
 * ({@link TornadoMath#sqrt(float)}: a float square root on every device).
 * <pre>
 * in, out, scale, outGrad, inGrad: [batch][channels][plane]
 * scale = k + alpha * (sum of in^2 over the window of channels), kept for the backward
 * </pre>
 */
public final class Normalization {

    private Normalization() {
    }

    /** out = in * scale^-beta. parallel: every element. */
    public static void forward(float[] in, float[] out, float[] scale, int batch, int channels, int plane,
                               float k, int size, float alpha, float beta) {
        int half = size / 2;
        int total = batch * channels * plane;
        for (@Parallel int e = 0; e < total; e++) {
            int x = e % plane;
            int c = (e / plane) % channels;
            int n = e / (plane * channels);
            float sum = 0f;
            for (int j = Math.max(0, c - half); j <= Math.min(channels - 1, c + half); j++) {
                float a = in[(n * channels + j) * plane + x];
                sum += a * a;
            }
            float s = k + alpha * sum;
            scale[e] = s;
            out[e] = in[e] * inversePower(s, beta);
        }
    }

    /**
     * inGrad[c] = outGrad[c] scale[c]^-beta - 2 alpha beta in[c] * sum over j in window(c) of
     * outGrad[j] out[j] / scale[j]. parallel: every element.
     */
    public static void backward(float[] in, float[] out, float[] scale, float[] outGrad, float[] inGrad, int batch,
                                int channels, int plane, int size, float alpha, float beta) {
        int half = size / 2;
        float twoAlphaBeta = 2f * alpha * beta;
        int total = batch * channels * plane;
        for (@Parallel int e = 0; e < total; e++) {
            int x = e % plane;
            int c = (e / plane) % channels;
            int n = e / (plane * channels);
            float cross = 0f;
            for (int j = Math.max(0, c - half); j <= Math.min(channels - 1, c + half); j++) {
                int i = (n * channels + j) * plane + x;
                cross += outGrad[i] * out[i] / scale[i];
            }
            inGrad[e] = outGrad[e] * inversePower(scale[e], beta) - twoAlphaBeta * in[e] * cross;
        }
    }

    /** s^-beta; for the paper's beta = 3/4, 1 / (sqrt(s) sqrt(sqrt(s))), as the reference kernel computes it. */
    public static float inversePower(float s, float beta) {
        if (beta == 0.75f) {
            float root = TornadoMath.sqrt(s);
            return 1f / (root * TornadoMath.sqrt(root));
        }
        return TornadoMath.pow(s, -beta);
    }
}

package alexnet.kernels.host;

import alexnet.kernels.LocalResponseNorm;
import java.util.Arrays;

/**
 * The JVM's fast path for {@link LocalResponseNorm#backward}, bit for bit the same result. The plain
 * kernel gives each plane (one channel of one image) to its own work item, which recomputes the
 * ratio outGrad[j] * out[j] / scale[j] of every channel j of its window: five divisions per element.
 * Here a thread walks its planes in order and keeps the ratios of the last {@code size} planes in a
 * ring, so each is computed once: one division per element.
 * <pre>
 * for each plane i = (n, c) of first .. first + count - 1:
 *   ring[j % size] = outGrad[n][j] * out[n][j] / scale[n][j]      for the window's j not yet in the ring
 *   inGrad[n][c]   = outGrad[n][c] scale[n][c]^-beta - 2 alpha beta in[n][c] * (sum of ring over the window, j in order)
 * </pre>
 * Plain loops along the planes, which C2 vectorises; measured 1.5x faster than the plain kernel
 * at norm1's shape on one core. Not a TornadoVM kernel.
 */
public final class RingLrn {

    /** One thread's ratio planes, and which plane (n * channels + j) each slot holds. */
    private static final class Ring {
        float[][] ratios = new float[0][];
        int[] holds = new int[0];

        Ring fit(int size, int plane) {
            if (ratios.length != size || ratios[0].length < plane) {
                ratios = new float[size][plane];
                holds = new int[size];
            }
            Arrays.fill(holds, -1);
            return this;
        }
    }

    private static final ThreadLocal<Ring> RING = ThreadLocal.withInitial(Ring::new);

    private RingLrn() {
    }

    /** As {@link LocalResponseNorm#backward}; parallel over batch * channels planes. */
    public static void backward(float[] in, float[] out, float[] scale, float[] outGrad, float[] inGrad,
                                int batch, int channels, int plane, int size, float alpha, float beta,
                                int first, int count) {
        int half = size / 2;
        float twoAlphaBeta = 2f * alpha * beta;
        Ring ring = RING.get().fit(size, plane);
        for (int i = first; i < first + count; i++) {
            int n = i / channels;
            int c = i % channels;
            int lo = Math.max(0, c - half);
            int hi = Math.min(channels - 1, c + half);
            int base = i * plane;
            for (int x = 0; x < plane; x++) {
                inGrad[base + x] = 0f;
            }
            for (int j = lo; j <= hi; j++) {
                float[] ratio = ratio(ring, n * channels + j, out, scale, outGrad, plane);
                for (int x = 0; x < plane; x++) {
                    inGrad[base + x] += ratio[x];
                }
            }
            for (int x = 0; x < plane; x++) {
                inGrad[base + x] = outGrad[base + x] * LocalResponseNorm.inversePower(scale[base + x], beta)
                        - twoAlphaBeta * in[base + x] * inGrad[base + x];
            }
        }
    }

    /** Plane p's outGrad * out / scale, from the ring or computed into it. */
    private static float[] ratio(Ring ring, int p, float[] out, float[] scale, float[] outGrad, int plane) {
        int slot = p % ring.holds.length;
        float[] ratio = ring.ratios[slot];
        if (ring.holds[slot] != p) {
            int base = p * plane;
            for (int x = 0; x < plane; x++) {
                ratio[x] = outGrad[base + x] * out[base + x] / scale[base + x];
            }
            ring.holds[slot] = p;
        }
        return ratio;
    }
}

package alexnet.kernels.host;

import alexnet.kernels.LocalResponseNorm;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

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
 * The loops along a plane are written with the Vector API (JDK 17's C2 left them scalar as plain
 * loops, each at its own offset into the arrays), in the plain kernel's order of operations. For the
 * paper's beta = 3/4 only (see {@link HostKernels#lrnBackward}). Measured 4-5x faster than the plain
 * kernel at norm1's shape on one core. Not a TornadoVM kernel.
 */
public final class RingLrn {

    /** One thread's ratio planes, and which plane (n * channels + j) each slot holds. */
    private static final class Ring {
        float[][] ratios = new float[0][];
        int[] holds = new int[0];
        /** The ratios of the current plane's window, in channel order. */
        float[][] window = new float[0][];

        Ring fit(int size, int plane) {
            if (ratios.length != size || ratios[0].length < plane) {
                ratios = new float[size][plane];
                holds = new int[size];
                window = new float[size][];
            }
            Arrays.fill(holds, -1);
            return this;
        }
    }

    private static final ThreadLocal<Ring> RING = ThreadLocal.withInitial(Ring::new);
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private RingLrn() {
    }

    /** As {@link LocalResponseNorm#backward} with beta = 3/4; parallel over batch * channels planes. */
    public static void backward(float[] in, float[] out, float[] scale, float[] outGrad, float[] inGrad,
                                int batch, int channels, int plane, int size, float alpha, float beta,
                                int first, int count) {
        int half = size / 2;
        float twoAlphaBeta = 2f * alpha * beta;
        Ring ring = RING.get().fit(size, plane);
        float[][] window = ring.window;
        for (int i = first; i < first + count; i++) {
            int n = i / channels;
            int c = i % channels;
            int lo = Math.max(0, c - half);
            int hi = Math.min(channels - 1, c + half);
            int base = i * plane;
            int terms = hi - lo + 1;
            for (int j = lo; j <= hi; j++) {
                window[j - lo] = ratio(ring, n * channels + j, out, scale, outGrad, plane);
            }
            int x = 0;
            for (; x <= plane - FLOATS.length(); x += FLOATS.length()) {
                FloatVector sum = FloatVector.zero(FLOATS);
                for (int q = 0; q < terms; q++) {
                    sum = sum.add(FloatVector.fromArray(FLOATS, window[q], x));
                }
                FloatVector inverse = VectorLrn.inversePower(FloatVector.fromArray(FLOATS, scale, base + x));
                FloatVector cross = FloatVector.fromArray(FLOATS, in, base + x).mul(twoAlphaBeta).mul(sum);
                FloatVector.fromArray(FLOATS, outGrad, base + x).mul(inverse).sub(cross).intoArray(inGrad, base + x);
            }
            for (; x < plane; x++) {
                float sum = 0f;
                for (int q = 0; q < terms; q++) {
                    sum += window[q][x];
                }
                inGrad[base + x] = outGrad[base + x] * LocalResponseNorm.inversePower(scale[base + x], beta)
                        - twoAlphaBeta * in[base + x] * sum;
            }
        }
    }

    /** Plane p's outGrad * out / scale, from the ring or computed into it. */
    private static float[] ratio(Ring ring, int p, float[] out, float[] scale, float[] outGrad, int plane) {
        int slot = p % ring.holds.length;
        float[] ratio = ring.ratios[slot];
        if (ring.holds[slot] != p) {
            int base = p * plane;
            int x = 0;
            for (; x <= plane - FLOATS.length(); x += FLOATS.length()) {
                FloatVector.fromArray(FLOATS, outGrad, base + x).mul(FloatVector.fromArray(FLOATS, out, base + x))
                        .div(FloatVector.fromArray(FLOATS, scale, base + x)).intoArray(ratio, x);
            }
            for (; x < plane; x++) {
                ratio[x] = outGrad[base + x] * out[base + x] / scale[base + x];
            }
            ring.holds[slot] = p;
        }
        return ratio;
    }
}

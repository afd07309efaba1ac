package alexnet.kernels.host;

import alexnet.kernels.LocalResponseNorm;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JVM's fast path for {@link LocalResponseNorm#forward} with the paper's beta = 3/4, bit for bit
 * the same result: a vector of positions at a time, the window's squares summed in registers in the
 * plain kernel's order, then the same k + alpha * sum and the same two square roots and division.
 * JDK 17's C2 leaves the plain kernel's loops over a plane (each at its own offset into the arrays)
 * scalar; this is 3x faster at norm1's shape on one core.
 *
 * <p>Not a TornadoVM kernel; {@link LocalResponseNorm#forward} is the reference this is tested against.
 */
public final class VectorLrn {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private VectorLrn() {
    }

    /** As {@link LocalResponseNorm#forward}; beta must be 3/4 (see {@link HostKernels#lrnForward}). */
    public static void forward(float[] in, float[] out, float[] scale, int batch, int channels, int plane,
                               float k, int size, float alpha, float beta, int first, int count) {
        int half = size / 2;
        for (int i = first; i < first + count; i++) {
            int n = i / channels;
            int c = i % channels;
            int lo = Math.max(0, c - half);
            int hi = Math.min(channels - 1, c + half);
            int base = i * plane;
            int x = 0;
            for (; x <= plane - FLOATS.length(); x += FLOATS.length()) {
                FloatVector sum = FloatVector.zero(FLOATS);
                for (int j = lo; j <= hi; j++) {
                    FloatVector a = FloatVector.fromArray(FLOATS, in, (n * channels + j) * plane + x);
                    sum = sum.add(a.mul(a));
                }
                FloatVector s = sum.mul(alpha).add(k);
                s.intoArray(scale, base + x);
                FloatVector.fromArray(FLOATS, in, base + x).mul(inversePower(s)).intoArray(out, base + x);
            }
            for (; x < plane; x++) {
                float sum = 0f;
                for (int j = lo; j <= hi; j++) {
                    float a = in[(n * channels + j) * plane + x];
                    sum += a * a;
                }
                float s = k + alpha * sum;
                scale[base + x] = s;
                out[base + x] = in[base + x] * LocalResponseNorm.inversePower(s, beta);
            }
        }
    }

    /** s^-3/4 lane by lane, rounded as {@link LocalResponseNorm#inversePower}: 1 / (sqrt(s) * sqrt(sqrt(s))). */
    static FloatVector inversePower(FloatVector s) {
        FloatVector root = s.lanewise(VectorOperators.SQRT);
        return FloatVector.broadcast(FLOATS, 1f).div(root.mul(root.lanewise(VectorOperators.SQRT)));
    }
}

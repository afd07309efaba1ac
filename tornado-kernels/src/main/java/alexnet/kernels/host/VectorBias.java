package alexnet.kernels.host;

import alexnet.kernels.Bias;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JVM's fast path for {@link Bias#backward}. The plain kernel adds a channel's terms one after
 * another, a single chain of dependent additions (conv1: 387,200 per channel), so it runs at the
 * adder's latency, not its throughput. Here a channel's planes are summed a vector at a time, each
 * lane its own chain, and the lanes added at the end; for a plane of one element (the fully
 * connected layers) a vector of channels is summed instead, each lane one channel's chain in the
 * plain kernel's order.
 *
 * <p>Summed in lanes, a convolution's bias gradient is the same sum in a different order: it differs
 * from the plain kernel's by rounding (the only {@link HostKernels} path that does). Not a
 * TornadoVM kernel; {@link Bias#backward} is the reference this is tested against.
 */
public final class VectorBias {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private VectorBias() {
    }

    /** As {@link Bias#backward}: biasGrad[c] = the sum over n, x of outGrad[n][c][x], for c in first .. first+count-1. */
    public static void backward(float[] outGrad, float[] biasGrad, int batch, int channels, int plane, int first,
                                int count) {
        if (plane == 1) {
            channelLanes(outGrad, biasGrad, batch, channels, first, count);
            return;
        }
        float[] sums = LANE_SUMS.get();
        for (int c = first; c < first + count; c++) {
            biasGrad[c] = planeLanes(outGrad, batch, channels, plane, c, sums);
        }
    }

    /** Per thread, the lanes' running sums of {@link #planeLanes}. */
    private static final ThreadLocal<float[]> LANE_SUMS = ThreadLocal.withInitial(() -> new float[FLOATS.length()]);

    /**
     * Channel c's sum over every image's plane, a vector of the plane at a time (in sums, a vector's
     * worth of floats); the plane's tail one by one.
     */
    private static float planeLanes(float[] outGrad, int batch, int channels, int plane, int c, float[] sums) {
        Arrays.fill(sums, 0f);
        float tail = 0f;
        int whole = plane - plane % FLOATS.length();
        for (int n = 0; n < batch; n++) {
            int base = (n * channels + c) * plane;
            addVectors(outGrad, base, whole, sums);
            for (int x = whole; x < plane; x++) {
                tail += outGrad[base + x];
            }
        }
        return FloatVector.fromArray(FLOATS, sums, 0).reduceLanes(VectorOperators.ADD) + tail;
    }

    /**
     * sums += each vector of x[from .. from + length), length a whole number of vectors. The running
     * sum stays in a register within this loop; carried across the caller's loop over images as well,
     * JDK 17's C2 kept it as an object and the kernel ran 2x slower than the plain one.
     */
    private static void addVectors(float[] x, int from, int length, float[] sums) {
        FloatVector sum = FloatVector.fromArray(FLOATS, sums, 0);
        for (int i = 0; i < length; i += FLOATS.length()) {
            sum = sum.add(FloatVector.fromArray(FLOATS, x, from + i));
        }
        sum.intoArray(sums, 0);
    }

    /** For planes of one element: channels first .. first+count-1 a vector at a time, each summed over n in order. */
    private static void channelLanes(float[] outGrad, float[] biasGrad, int batch, int channels, int first,
                                     int count) {
        int end = first + count;
        int c = first;
        for (; c <= end - FLOATS.length(); c += FLOATS.length()) {
            FloatVector sums = FloatVector.zero(FLOATS);
            for (int n = 0; n < batch; n++) {
                sums = sums.add(FloatVector.fromArray(FLOATS, outGrad, n * channels + c));
            }
            sums.intoArray(biasGrad, c);
        }
        Bias.backward(outGrad, biasGrad, batch, channels, 1, c, end - c);
    }
}

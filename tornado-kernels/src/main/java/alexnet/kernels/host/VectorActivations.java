package alexnet.kernels.host;

import alexnet.kernels.Activations;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JVM's fast path for {@link Activations#reluBackward}. JDK 17's C2 does not vectorise the
 * plain kernel's select ({@code out > 0 ? outGrad : 0}) and, on ReLU outputs (half zeros, at
 * random), its branch mispredicts half the time: 8x slower than this on one core at relu1's size.
 *
 * <p>Not a TornadoVM kernel; {@link Activations#reluBackward} is the reference this is tested against.
 */
public final class VectorActivations {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private VectorActivations() {
    }

    /** As {@link Activations#reluBackward}: inGrad = outGrad where out > 0, else 0. */
    public static void reluBackward(float[] out, float[] outGrad, float[] inGrad, int first, int count) {
        int end = first + count;
        int i = first;
        for (; i <= end - FLOATS.length(); i += FLOATS.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(FLOATS, out, i).compare(VectorOperators.GT, 0f);
            FloatVector.zero(FLOATS).blend(FloatVector.fromArray(FLOATS, outGrad, i), positive).intoArray(inGrad, i);
        }
        Activations.reluBackward(out, outGrad, inGrad, i, end - i);
    }
}

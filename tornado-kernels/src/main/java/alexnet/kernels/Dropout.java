package alexnet.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Dropout as in the paper: during training each neuron's output is set to zero with probability
 * {@code dropProbability} (0.5) and left UNSCALED otherwise; at test time all neurons are used and
 * their outputs multiplied by {@code 1 - dropProbability} (0.5): {@link #inference}.
 *
 * <p>The mask is not stored: element {@code i} is kept iff {@code uniform(seed, i) >= dropProbability},
 * a pure function of (seed, i), so forward and backward agree and any device or thread computes the
 * same mask. Use a fresh seed per training step (e.g. derived from the step number and layer).
 * <pre>
 * in, out, inGrad, outGrad: flat, any shape; element index i is the flat index
 * parallel: elements
 * </pre>
 */
public final class Dropout {

    private Dropout() {
    }

    /** out = in where kept, 0 where dropped. */
    public static void forward(float[] in, float[] out, long seed, float dropProbability, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            out[i] = uniform(seed, i) >= dropProbability ? in[i] : 0f;
        }
    }

    /** inGrad = outGrad where kept, 0 where dropped (same mask as forward for the same seed). */
    public static void backward(float[] outGrad, float[] inGrad, long seed, float dropProbability,
                                int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            inGrad[i] = uniform(seed, i) >= dropProbability ? outGrad[i] : 0f;
        }
    }

    /**
     * {@link #forward} on one device's slice of the tensor (the paper's two-GPU split): element t of
     * the slice is neuron {@code (t / slice) * whole + offset + t % slice} of the whole tensor and gets
     * that neuron's mask, so the devices together drop exactly the neurons the one-device net drops.
     * With {@code slice == whole} and {@code offset == 0} it is {@link #forward}.
     * <pre>
     * in, out: [batch][slice]    the whole tensor: [batch][whole], this slice at offset
     * parallel: batch * slice
     * </pre>
     */
    public static void forwardSlice(float[] in, float[] out, long seed, float dropProbability, int slice, int whole,
                                    int offset, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            int neuron = (i / slice) * whole + offset + i % slice;
            out[i] = uniform(seed, neuron) >= dropProbability ? in[i] : 0f;
        }
    }

    /** {@link #backward} on one device's slice: the mask of {@link #forwardSlice}. */
    public static void backwardSlice(float[] outGrad, float[] inGrad, long seed, float dropProbability, int slice,
                                     int whole, int offset, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            int neuron = (i / slice) * whole + offset + i % slice;
            inGrad[i] = uniform(seed, neuron) >= dropProbability ? outGrad[i] : 0f;
        }
    }

    /** Test time: out = in * (1 - dropProbability), every neuron present. */
    public static void inference(float[] in, float[] out, float dropProbability, int first, int count) {
        float keep = 1f - dropProbability;
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            out[i] = in[i] * keep;
        }
    }

    /**
     * Counter-based random number in [0, 1) with 24 random bits: SplitMix64's finaliser applied to
     * {@code seed + (index + 1) * golden gamma}. Only long multiply, xor, signed shifts and masks,
     * which every TornadoVM backend compiles. SplitMix64's unsigned shifts {@code z >>> s} are written
     * {@code (z >> s) & (2^(64-s) - 1)}, bit-identical: TornadoVM 5.2 compiles {@code >>>} as a signed
     * shift, which differs for negative z (KernelRules rejects {@code >>>} in kernel classes).
     */
    public static float uniform(long seed, int index) {
        long z = seed + (index + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ ((z >> 30) & 0x3FFFFFFFFL)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ ((z >> 27) & 0x1FFFFFFFFFL)) * 0x94D049BB133111EBL;
        z = z ^ ((z >> 31) & 0x1FFFFFFFFL);
        return (int) ((z >> 40) & 0xFFFFFFL) * 0x1.0p-24f;
    }
}

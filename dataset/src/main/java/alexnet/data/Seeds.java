package alexnet.data;

/**
 * Derives independent random seeds from a tuple (seed, epoch, index, ...). Every random choice of the
 * pipeline is keyed by such a tuple rather than drawn from a shared generator, so results do not depend
 * on which thread does the work or in which order.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A well-mixed 64-bit seed from the given parts (SplitMix64 finaliser applied after each part). */
    public static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long part : parts) {
            h = finalise(h ^ finalise(part + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

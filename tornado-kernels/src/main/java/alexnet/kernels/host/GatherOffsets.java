package alexnet.kernels.host;

import jdk.incubator.vector.FloatVector;

/**
 * Lane offsets lane * stride for the Vector API's gathers ({@code FloatVector.fromArray} with an
 * index map), kept per thread for the last stride asked, so that a gather in a loop allocates nothing.
 */
final class GatherOffsets {

    private static final ThreadLocal<int[]> OFFSETS =
            ThreadLocal.withInitial(() -> new int[FloatVector.SPECIES_PREFERRED.length()]);

    private GatherOffsets() {
    }

    /** {0, stride, 2 * stride, ...}, one per lane of the preferred float species. */
    static int[] of(int stride) {
        int[] offsets = OFFSETS.get();
        if (offsets[1] != stride) {
            for (int lane = 0; lane < offsets.length; lane++) {
                offsets[lane] = lane * stride;
            }
        }
        return offsets;
    }
}

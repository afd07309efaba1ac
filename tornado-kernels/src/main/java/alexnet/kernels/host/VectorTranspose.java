package alexnet.kernels.host;

import alexnet.kernels.Gemm;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JVM's fast path for {@link Gemm#transpose}, the same floats: a vector of a dst row at a time,
 * gathered from 16 rows of src, and the rows of a block of src walked column by column so that their
 * cache lines serve 16 columns before they leave L1. The plain kernel reads src one element per
 * cache line and C2 leaves it scalar.
 *
 * <p>Not a TornadoVM kernel; {@link Gemm#transpose} is the reference this is tested against.
 */
public final class VectorTranspose {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private VectorTranspose() {
    }

    /** As {@link Gemm#transpose}: dst rows first .. first + count - 1 of dst[cols][rows] = src[rows][cols]^T. */
    public static void transpose(float[] src, int srcOff, float[] dst, int dstOff, int rows, int cols,
                                 int first, int count) {
        int[] rowOffsets = GatherOffsets.of(cols);
        int i0 = 0;
        for (; i0 <= rows - FLOATS.length(); i0 += FLOATS.length()) {
            int block = srcOff + i0 * cols;
            for (int j = first; j < first + count; j++) {
                FloatVector.fromArray(FLOATS, src, block + j, rowOffsets, 0).intoArray(dst, dstOff + j * rows + i0);
            }
        }
        for (int j = first; j < first + count; j++) {
            for (int i = i0; i < rows; i++) {
                dst[dstOff + j * rows + i] = src[srcOff + i * cols + j];
            }
        }
    }
}

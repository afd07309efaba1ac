package alexnet.kernels.host;

import alexnet.kernels.Im2col;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JVM's fast path for {@link Im2col#im2col}, the same floats: each output row of a col row is
 * zeros, then a run copied from the input, then zeros, as in the plain kernel, but the zeros are
 * filled and a stride-1 run copied with the JDK's array intrinsics, and a strided run (conv1's
 * stride 4) gathered a vector at a time. JDK 17's C2 left the plain kernel's copy loops, each at its
 * own offset, scalar: 1.3x (conv1) and 1.45x (conv2) faster per image on one core.
 *
 * <p>Not a TornadoVM kernel; {@link Im2col#im2col} is the reference this is tested against.
 */
public final class VectorIm2col {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private VectorIm2col() {
    }

    /** As {@link Im2col#im2col}: col rows first .. first + count - 1 (c, r, s) of one image. */
    public static void im2col(float[] in, int inOff, float[] col, int channels, int height, int width,
                              int kernelSize, int stride, int pad, int outHeight, int outWidth,
                              int first, int count) {
        int plane = outHeight * outWidth;
        int[] laneOffsets = GatherOffsets.of(stride);
        for (int row = first; row < first + count; row++) {
            int c = row / (kernelSize * kernelSize);
            int r = (row / kernelSize) % kernelSize;
            int s = row % kernelSize;
            int inPlane = inOff + c * height * width;
            if (stride > 1 && s >= stride && row - stride >= first) {
                shifted(in, inPlane, col, row, r, s, height, width, stride, pad, outHeight, outWidth);
                continue;
            }
            int qFirst = Im2col.firstInside(s, stride, pad, outWidth);
            int qEnd = Im2col.endInside(s, stride, pad, width, outWidth, qFirst);
            for (int p = 0; p < outHeight; p++) {
                int h = p * stride + r - pad;
                int colBase = row * plane + p * outWidth;
                if (h < 0 || h >= height) {
                    Arrays.fill(col, colBase, colBase + outWidth, 0f);
                    continue;
                }
                int from = inPlane + h * width + s - pad;
                Arrays.fill(col, colBase, colBase + qFirst, 0f);
                if (stride == 1) {
                    System.arraycopy(in, from + qFirst, col, colBase + qFirst, qEnd - qFirst);
                } else {
                    int q = qFirst;
                    for (; q <= qEnd - FLOATS.length(); q += FLOATS.length()) {
                        FloatVector.fromArray(FLOATS, in, from + q * stride, laneOffsets, 0).intoArray(col, colBase + q);
                    }
                    for (; q < qEnd; q++) {
                        col[colBase + q] = in[from + q * stride];
                    }
                }
                Arrays.fill(col, colBase + qEnd, colBase + outWidth, 0f);
            }
        }
    }

    /**
     * Row (c, r, s) from row (c, r, s - stride), already written: window column s at output column q
     * reads the input column that s - stride reads at q + 1, so the row is that row moved one place
     * to the left (padding zeros included), and only each output row's last value is read anew: one
     * copy instead of a gather per output row for 7 of conv1's 11 window columns (conv1's im2col 1.15-1.8x
     * faster on one core). Strided rows only: at stride 1 the rows are copies already, and moving
     * the whole plane measured no faster.
     */
    private static void shifted(float[] in, int inPlane, float[] col, int row, int r, int s, int height, int width,
                                int stride, int pad, int outHeight, int outWidth) {
        int plane = outHeight * outWidth;
        int to = row * plane;
        System.arraycopy(col, (row - stride) * plane + 1, col, to, plane - 1);
        int w = (outWidth - 1) * stride + s - pad;
        for (int p = 0; p < outHeight; p++) {
            int h = p * stride + r - pad;
            boolean inside = h >= 0 && h < height && w >= 0 && w < width;
            col[to + p * outWidth + outWidth - 1] = inside ? in[inPlane + h * width + w] : 0f;
        }
    }
}

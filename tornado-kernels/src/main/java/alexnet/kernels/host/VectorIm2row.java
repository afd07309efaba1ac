package alexnet.kernels.host;

import alexnet.kernels.Im2col;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JVM's fast path for {@link Im2col#im2row} (conv1's weight gradient), the same floats: each
 * kernel row of a window that lies inside the image is copied as one vector, whose lanes past
 * kernelSize fall on the next kernel row's slots and are overwritten by it, since a position's
 * kernel rows are written in order. The last kernel row of a position, and windows cut by the
 * image's edge, go element by element as in the plain kernel, whose copy loops (each array at its
 * own offset) JDK 17's C2 leaves scalar.
 *
 * <p>Not a TornadoVM kernel; {@link Im2col#im2row} is the reference this is tested against.
 */
public final class VectorIm2row {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private VectorIm2row() {
    }

    /** As {@link Im2col#im2row}: rows (output positions) first .. first + count - 1 of one image. */
    public static void im2row(float[] in, int inOff, float[] row, int channels, int height, int width,
                              int kernelSize, int stride, int pad, int outHeight, int outWidth,
                              int first, int count) {
        int kernelRows = channels * kernelSize;
        int rowLength = kernelRows * kernelSize;
        for (int position = first; position < first + count; position++) {
            int p = position / outWidth;
            int q = position % outWidth;
            int w0 = q * stride - pad;
            boolean columnsInside = w0 >= 0 && w0 + kernelSize <= width;
            for (int kernelRow = 0; kernelRow < kernelRows; kernelRow++) {
                int c = kernelRow / kernelSize;
                int h = p * stride + kernelRow % kernelSize - pad;
                int at = position * rowLength + kernelRow * kernelSize;
                int from = inOff + (c * height + h) * width + w0;
                boolean rowInside = h >= 0 && h < height;
                if (rowInside && columnsInside && kernelSize <= FLOATS.length()
                        && at + FLOATS.length() <= (position + 1) * rowLength
                        && from + FLOATS.length() <= in.length) {
                    FloatVector.fromArray(FLOATS, in, from).intoArray(row, at);
                    continue;
                }
                for (int s = 0; s < kernelSize; s++) {
                    int w = w0 + s;
                    row[at + s] = rowInside && w >= 0 && w < width ? in[from + s] : 0f;
                }
            }
        }
    }
}

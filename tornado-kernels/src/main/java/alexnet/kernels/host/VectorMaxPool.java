package alexnet.kernels.host;

import alexnet.kernels.MaxPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JVM's fast path for {@link MaxPool#forward}: the same maxima, the same argmax (ties included),
 * found a vector of columns at a time. For each output row, over its window's input rows:
 * <pre>
 * 1. down:   colMax[x], colIdx[x] = the window's rows' maximum in column x, and where it is;
 *            ties keep the upper row (every input column, contiguous loads)
 * 2. across: rowMax[x], rowIdx[x] = the maximum of colMax[x .. x + window - 1], and its index;
 *            ties keep the smaller index (every column a window can start at, contiguous loads)
 * 3. out[oh][ow] = rowMax[ow * stride], argmax[oh][ow] = rowIdx[ow * stride]
 * </pre>
 * The smallest index among a window's maxima is its first maximum in row-major order, the plain
 * kernel's tie rule. Step 2 evaluates windows at every column, stride times more than needed,
 * because reading every stride-th column takes gathers (measured: 2.6x slower than this). The
 * plain kernel compares element by element with a data-dependent branch; this is 3-4x faster at
 * pool1's shape (measured on one core).
 *
 * <p>Not a TornadoVM kernel; {@link MaxPool#forward} is the reference this is tested against.
 */
public final class VectorMaxPool {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = FLOATS.withLanes(int.class);
    private static final IntVector LANE_INDEX = IntVector.zero(INTS).addIndex(1);

    /** One thread's per-row maxima, grown to the widest row seen. */
    private static final class Rows {
        float[] colMax = new float[0];
        int[] colIdx = new int[0];
        float[] rowMax = new float[0];
        int[] rowIdx = new int[0];

        Rows fit(int width) {
            // Vectors start at every column below width and read up to window - 1 columns further.
            int size = width + 2 * FLOATS.length();
            if (colMax.length < size) {
                colMax = new float[size];
                colIdx = new int[size];
                rowMax = new float[size];
                rowIdx = new int[size];
            }
            return this;
        }
    }

    private static final ThreadLocal<Rows> ROWS = ThreadLocal.withInitial(Rows::new);

    private VectorMaxPool() {
    }

    /** As {@link MaxPool#forward}: parallel over batch * channels planes; window at most one vector plus one. */
    public static void forward(float[] in, float[] out, int[] argmax, int batch, int channels,
                               int height, int width, int window, int stride, int outHeight, int outWidth,
                               int first, int count) {
        Rows rows = ROWS.get().fit(width);
        for (int plane = first; plane < first + count; plane++) {
            for (int oh = 0; oh < outHeight; oh++) {
                int top = (plane * height + oh * stride) * width;
                maxDown(in, top, width, window, rows);
                maxAcross(width - window + 1, window, rows);
                int o = (plane * outHeight + oh) * outWidth;
                for (int ow = 0; ow < outWidth; ow++) {
                    out[o + ow] = rows.rowMax[ow * stride];
                    argmax[o + ow] = rows.rowIdx[ow * stride];
                }
            }
        }
    }

    /**
     * Step 1: colMax, colIdx over rows top .. top + window - 1 of in, every column. A vector that runs
     * past the end of a row reads the next row's first columns, whose lanes only feed windows past
     * the last (never read); the columns whose vector would run past the end of in are done one by
     * one. (Masked loads at the row ends, merged into the running maximum, kept JDK 17's C2 from
     * compiling the blends: it ran them through the Vector API's allocating fallback, 2 GB of garbage
     * per four steps and a larger heap.)
     */
    private static void maxDown(float[] in, int top, int width, int window, Rows rows) {
        int bottom = top + (window - 1) * width;
        int x = 0;
        for (; x < width && bottom + x <= in.length - FLOATS.length(); x += FLOATS.length()) {
            FloatVector max = FloatVector.fromArray(FLOATS, in, top + x);
            IntVector idx = LANE_INDEX.add(top + x);
            for (int r = 1; r < window; r++) {
                int row = top + r * width + x;
                FloatVector v = FloatVector.fromArray(FLOATS, in, row);
                VectorMask<Float> greater = v.compare(VectorOperators.GT, max);
                max = max.blend(v, greater);
                idx = idx.blend(LANE_INDEX.add(row), greater.cast(INTS));
            }
            max.intoArray(rows.colMax, x);
            idx.intoArray(rows.colIdx, x);
        }
        for (; x < width; x++) {
            int best = top + x;
            for (int r = 1; r < window; r++) {
                if (in[top + r * width + x] > in[best]) {
                    best = top + r * width + x;
                }
            }
            rows.colMax[x] = in[best];
            rows.colIdx[x] = best;
        }
    }

    /** Step 2: rowMax, rowIdx for windows starting at columns 0 .. starts - 1. */
    private static void maxAcross(int starts, int window, Rows rows) {
        for (int x = 0; x < starts; x += FLOATS.length()) {
            FloatVector max = FloatVector.fromArray(FLOATS, rows.colMax, x);
            IntVector idx = IntVector.fromArray(INTS, rows.colIdx, x);
            for (int s = 1; s < window; s++) {
                FloatVector v = FloatVector.fromArray(FLOATS, rows.colMax, x + s);
                IntVector vIdx = IntVector.fromArray(INTS, rows.colIdx, x + s);
                VectorMask<Float> earlierTie = v.compare(VectorOperators.EQ, max)
                        .and(vIdx.compare(VectorOperators.LT, idx).cast(FLOATS));
                VectorMask<Float> better = v.compare(VectorOperators.GT, max).or(earlierTie);
                max = max.blend(v, better);
                idx = idx.blend(vIdx, better.cast(INTS));
            }
            max.intoArray(rows.rowMax, x);
            idx.intoArray(rows.rowIdx, x);
        }
    }
}

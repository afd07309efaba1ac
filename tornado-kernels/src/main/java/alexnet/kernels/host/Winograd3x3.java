package alexnet.kernels.host;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The transforms of Winograd's F(2x2, 3x3) (see {@link WinogradTransforms} for the scheme), for the
 * JVM's 3x3 stride-1 convolutions (conv3-5): 16 products, one per position xi of the 4x4 tiles, of
 * 2.25x fewer multiplies than the direct sums (16 per 2x2 block against 36). The weight gradient is
 * F(3x3, 2x2). The transforms only add and halve, so the results differ from the direct sums by
 * rounding alone.
 *
 * <p>Not a TornadoVM kernel: the convolution kernels of alexnet.kernels are the reference the layer
 * that uses this is tested against.
 */
public final class Winograd3x3 implements WinogradTransforms {

    /** Side of an output block. */
    private static final int BLOCK = 2;
    /** Positions of a transformed tile. */
    private static final int POSITIONS = 16;

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    @Override
    public int filterSize() {
        return 3;
    }

    @Override
    public int blockSize() {
        return BLOCK;
    }

    /**
     * U[xi][depth][columns] = G g G^T for each filter g of w[filters][channels][3][3] (at wOff): depth =
     * channels and columns = filters, or, flipped (for the input gradient), g rotated by 180 degrees
     * with depth = filters and columns = channels.
     */
    @Override
    public void transformFilters(float[] w, int wOff, int filters, int channels, boolean flipped, float[] u,
                                 int first, int count) {
        int matrix = filters * channels;
        float[] g = new float[9];
        float[] gg = new float[12];
        // In U's order (at), so that each position's matrix is written front to back.
        for (int at = first; at < first + count; at++) {
            int k = flipped ? at / channels : at % filters;
            int c = flipped ? at % channels : at / filters;
            int from = wOff + (k * channels + c) * 9;
            for (int i = 0; i < 9; i++) {
                g[i] = flipped ? w[from + 8 - i] : w[from + i];
            }
            // G g (4 x 3): rows g0, (g0 + g1 + g2) / 2, (g0 - g1 + g2) / 2, g2; then the same on columns.
            for (int col = 0; col < 3; col++) {
                float g0 = g[col];
                float g1 = g[3 + col];
                float g2 = g[6 + col];
                gg[col] = g0;
                gg[3 + col] = 0.5f * (g0 + g1 + g2);
                gg[6 + col] = 0.5f * (g0 - g1 + g2);
                gg[9 + col] = g2;
            }
            for (int row = 0; row < 4; row++) {
                float x0 = gg[row * 3];
                float x1 = gg[row * 3 + 1];
                float x2 = gg[row * 3 + 2];
                u[(row * 4) * matrix + at] = x0;
                u[(row * 4 + 1) * matrix + at] = 0.5f * (x0 + x1 + x2);
                u[(row * 4 + 2) * matrix + at] = 0.5f * (x0 - x1 + x2);
                u[(row * 4 + 3) * matrix + at] = x2;
            }
        }
    }

    /**
     * A vector of tiles at a time (V's rows are contiguous along them), each of the 16 values of their
     * tiles gathered from the padded plane; the tiles left over one at a time, with the same arithmetic.
     */
    @Override
    public void transformInput(float[] in, int inOff, int channels, int height, int width, int pad,
                               int outHeight, int outWidth, float[] v, float[] padded) {
        int tilesX = blocks(outWidth);
        int tiles = tiles(outHeight, outWidth);
        int cols = paddedSpan(outWidth);
        int matrix = channels * tiles;
        int[] corners = WinogradTiles.corners(BLOCK, tilesX, tiles, cols);
        float[] combinations = COMBINATIONS.get();
        // The border stays zero from channel to channel: each channel's copy writes only the interior.
        Arrays.fill(padded, 0, paddedSize(outHeight, outWidth), 0f);
        for (int c = 0; c < channels; c++) {
            WinogradTiles.pad(in, inOff + c * height * width, height, width, pad, padded, cols);
            int t = 0;
            for (; t <= tiles - FLOATS.length(); t += FLOATS.length()) {
                inputTiles(padded, corners, t, cols, combinations, v, matrix, c * tiles + t);
            }
            for (; t < tiles; t++) {
                inputTile(padded, corners[t], cols, v, matrix, c * tiles + t);
            }
        }
    }

    /** Per thread, the column combinations of a vector of tiles for {@link #inputTiles}. */
    private static final ThreadLocal<float[]> COMBINATIONS =
            ThreadLocal.withInitial(() -> new float[POSITIONS * FLOATS.length()]);

    /** One tile's B^T d B, d's corner at padded[d], to V[.][at]. */
    private static void inputTile(float[] padded, int d, int cols, float[] v, int matrix, int at) {
        // B^T d: rows d0 - d2, d1 + d2, d2 - d1, d1 - d3 of each column ...
        float a0 = padded[d] - padded[d + 2 * cols];
        float a1 = padded[d + 1] - padded[d + 2 * cols + 1];
        float a2 = padded[d + 2] - padded[d + 2 * cols + 2];
        float a3 = padded[d + 3] - padded[d + 2 * cols + 3];
        float b0 = padded[d + cols] + padded[d + 2 * cols];
        float b1 = padded[d + cols + 1] + padded[d + 2 * cols + 1];
        float b2 = padded[d + cols + 2] + padded[d + 2 * cols + 2];
        float b3 = padded[d + cols + 3] + padded[d + 2 * cols + 3];
        float c0 = padded[d + 2 * cols] - padded[d + cols];
        float c1 = padded[d + 2 * cols + 1] - padded[d + cols + 1];
        float c2 = padded[d + 2 * cols + 2] - padded[d + cols + 2];
        float c3 = padded[d + 2 * cols + 3] - padded[d + cols + 3];
        float e0 = padded[d + cols] - padded[d + 3 * cols];
        float e1 = padded[d + cols + 1] - padded[d + 3 * cols + 1];
        float e2 = padded[d + cols + 2] - padded[d + 3 * cols + 2];
        float e3 = padded[d + cols + 3] - padded[d + 3 * cols + 3];
        // ... then the same along each row: (x0 - x2, x1 + x2, x2 - x1, x1 - x3).
        v[at] = a0 - a2;
        v[matrix + at] = a1 + a2;
        v[2 * matrix + at] = a2 - a1;
        v[3 * matrix + at] = a1 - a3;
        v[4 * matrix + at] = b0 - b2;
        v[5 * matrix + at] = b1 + b2;
        v[6 * matrix + at] = b2 - b1;
        v[7 * matrix + at] = b1 - b3;
        v[8 * matrix + at] = c0 - c2;
        v[9 * matrix + at] = c1 + c2;
        v[10 * matrix + at] = c2 - c1;
        v[11 * matrix + at] = c1 - c3;
        v[12 * matrix + at] = e0 - e2;
        v[13 * matrix + at] = e1 + e2;
        v[14 * matrix + at] = e2 - e1;
        v[15 * matrix + at] = e1 - e3;
    }

    /**
     * {@link #inputTile} for the vector of tiles first.. (corners[first..]), to V[.][at..]: for each
     * column of the 4x4 tiles, its four values gathered and combined (B^T d), kept in combinations;
     * then the same along each row. In small methods of four gathers at most: with all sixteen in
     * one, C2 left the gathers to the Vector API's allocating fallback.
     */
    private static void inputTiles(float[] padded, int[] corners, int first, int cols, float[] combinations,
                                   float[] v, int matrix, int at) {
        for (int column = 0; column < 4; column++) {
            columnCombinations(padded, corners, first, cols, column, combinations);
        }
        for (int row = 0; row < 4; row++) {
            rowOutputs(combinations, row, v, matrix, at);
        }
    }

    /**
     * B^T d for one column of the tiles: d0 - d2, d1 + d2, d2 - d1, d1 - d3, to
     * combinations[(row * 4 + column) * lanes].
     */
    private static void columnCombinations(float[] padded, int[] corners, int first, int cols, int column,
                                           float[] combinations) {
        FloatVector d0 = tileValue(padded, column, corners, first);
        FloatVector d1 = tileValue(padded, cols + column, corners, first);
        FloatVector d2 = tileValue(padded, 2 * cols + column, corners, first);
        FloatVector d3 = tileValue(padded, 3 * cols + column, corners, first);
        int lanes = FLOATS.length();
        d0.sub(d2).intoArray(combinations, column * lanes);
        d1.add(d2).intoArray(combinations, (4 + column) * lanes);
        d2.sub(d1).intoArray(combinations, (8 + column) * lanes);
        d1.sub(d3).intoArray(combinations, (12 + column) * lanes);
    }

    /**
     * One row of B^T d, x0..x3, along the row: x0 - x2, x1 + x2, x2 - x1, x1 - x3, to V's positions
     * 4 row .. 4 row + 3.
     */
    private static void rowOutputs(float[] combinations, int row, float[] v, int matrix, int at) {
        int lanes = FLOATS.length();
        FloatVector x0 = FloatVector.fromArray(FLOATS, combinations, 4 * row * lanes);
        FloatVector x1 = FloatVector.fromArray(FLOATS, combinations, (4 * row + 1) * lanes);
        FloatVector x2 = FloatVector.fromArray(FLOATS, combinations, (4 * row + 2) * lanes);
        FloatVector x3 = FloatVector.fromArray(FLOATS, combinations, (4 * row + 3) * lanes);
        x0.sub(x2).intoArray(v, 4 * row * matrix + at);
        x1.add(x2).intoArray(v, (4 * row + 1) * matrix + at);
        x2.sub(x1).intoArray(v, (4 * row + 2) * matrix + at);
        x1.sub(x3).intoArray(v, (4 * row + 3) * matrix + at);
    }

    /** The value at offset from each tile's corner, for the vector of tiles first.. */
    private static FloatVector tileValue(float[] padded, int offset, int[] corners, int first) {
        return FloatVector.fromArray(FLOATS, padded, offset, corners, first);
    }

    /**
     * out[filters][outHeight][outWidth] (at outOff, overwritten) = A^T m A for each 2x2 output block,
     * m from M[xi][T][filters]; outputs past the edge are dropped.
     */
    @Override
    public void transformOutput(float[] m, int filters, int outHeight, int outWidth, float[] out, int outOff) {
        int tilesX = blocks(outWidth);
        int tiles = tiles(outHeight, outWidth);
        int matrix = tiles * filters;
        int plane = outHeight * outWidth;
        int[] filterPlanes = GatherOffsets.of(plane);
        for (int t = 0; t < tiles; t++) {
            int y = BLOCK * (t / tilesX);
            int x = BLOCK * (t % tilesX);
            boolean secondRow = y + 1 < outHeight;
            boolean secondColumn = x + 1 < outWidth;
            int k = 0;
            // A vector of filters at a time (M's rows are contiguous along them), each output
            // scattered to its filter's plane; then the same arithmetic one filter at a time.
            for (; k <= filters - FLOATS.length(); k += FLOATS.length()) {
                int at = t * filters + k;
                int o = outOff + k * plane + y * outWidth + x;
                outputRow(m, matrix, at, 0, out, o, secondColumn, filterPlanes);
                if (secondRow) {
                    outputRow(m, matrix, at, 1, out, o + outWidth, secondColumn, filterPlanes);
                }
            }
            for (; k < filters; k++) {
                int at = t * filters + k;
                // A^T m: rows m0 + m1 + m2 and m1 - m2 - m3 of each column, then the same along the rows.
                float top0 = m[at] + m[4 * matrix + at] + m[8 * matrix + at];
                float top1 = m[matrix + at] + m[5 * matrix + at] + m[9 * matrix + at];
                float top2 = m[2 * matrix + at] + m[6 * matrix + at] + m[10 * matrix + at];
                float top3 = m[3 * matrix + at] + m[7 * matrix + at] + m[11 * matrix + at];
                float bottom0 = m[4 * matrix + at] - m[8 * matrix + at] - m[12 * matrix + at];
                float bottom1 = m[5 * matrix + at] - m[9 * matrix + at] - m[13 * matrix + at];
                float bottom2 = m[6 * matrix + at] - m[10 * matrix + at] - m[14 * matrix + at];
                float bottom3 = m[7 * matrix + at] - m[11 * matrix + at] - m[15 * matrix + at];
                int o = outOff + k * plane + y * outWidth + x;
                out[o] = top0 + top1 + top2;
                if (secondColumn) {
                    out[o + 1] = top1 - top2 - top3;
                }
                if (secondRow) {
                    out[o + outWidth] = bottom0 + bottom1 + bottom2;
                    if (secondColumn) {
                        out[o + outWidth + 1] = bottom1 - bottom2 - bottom3;
                    }
                }
            }
        }
    }

    /**
     * Row {@code row} (0 or 1) of A^T m A for a vector of filters at m[at..], scattered to their planes
     * at out[o], and o + 1 when there is a second column: the column combinations of A^T m (m0 + m1 +
     * m2 for row 0, m1 - m2 - m3 for row 1, over the 4 x 4 positions' rows), then the same along the
     * row. A method of its own so that C2 inlines every vector operation (in one large method it
     * left some calls out and boxed their vectors: garbage in every step).
     */
    private static void outputRow(float[] m, int matrix, int at, int row, float[] out, int o, boolean secondColumn,
                                  int[] filterPlanes) {
        FloatVector c0;
        FloatVector c1;
        FloatVector c2;
        FloatVector c3;
        if (row == 0) {
            c0 = load(m, at).add(load(m, 4 * matrix + at)).add(load(m, 8 * matrix + at));
            c1 = load(m, matrix + at).add(load(m, 5 * matrix + at)).add(load(m, 9 * matrix + at));
            c2 = load(m, 2 * matrix + at).add(load(m, 6 * matrix + at)).add(load(m, 10 * matrix + at));
            c3 = load(m, 3 * matrix + at).add(load(m, 7 * matrix + at)).add(load(m, 11 * matrix + at));
        } else {
            c0 = load(m, 4 * matrix + at).sub(load(m, 8 * matrix + at)).sub(load(m, 12 * matrix + at));
            c1 = load(m, 5 * matrix + at).sub(load(m, 9 * matrix + at)).sub(load(m, 13 * matrix + at));
            c2 = load(m, 6 * matrix + at).sub(load(m, 10 * matrix + at)).sub(load(m, 14 * matrix + at));
            c3 = load(m, 7 * matrix + at).sub(load(m, 11 * matrix + at)).sub(load(m, 15 * matrix + at));
        }
        c0.add(c1).add(c2).intoArray(out, o, filterPlanes, 0);
        if (secondColumn) {
            c1.sub(c2).sub(c3).intoArray(out, o + 1, filterPlanes, 0);
        }
    }

    private static FloatVector load(float[] a, int at) {
        return FloatVector.fromArray(FLOATS, a, at);
    }

    /**
     * D[xi][T][filters] = A g A^T for each 2x2 block g of outGrad[filters][outHeight][outWidth] (at
     * outGradOff), zero past the edge: A g A^T has rows (g0, g0 + g1, g0 - g1, -g1) of g's columns,
     * then the same along each row.
     */
    @Override
    public void transformGradient(float[] outGrad, int outGradOff, int filters, int outHeight, int outWidth,
                                  float[] d) {
        int tilesX = blocks(outWidth);
        int tiles = tiles(outHeight, outWidth);
        int matrix = tiles * filters;
        int plane = outHeight * outWidth;
        int[] filterPlanes = GatherOffsets.of(plane);
        for (int t = 0; t < tiles; t++) {
            int y = BLOCK * (t / tilesX);
            int x = BLOCK * (t % tilesX);
            boolean secondRow = y + 1 < outHeight;
            boolean secondColumn = x + 1 < outWidth;
            int k = 0;
            // Blocks inside the output: a vector of filters at a time, gathered from their planes
            // (D's rows are contiguous along them). The blocks cut by the edge, and the filters
            // left over, one filter at a time with the same arithmetic.
            for (; secondRow && secondColumn && k <= filters - FLOATS.length(); k += FLOATS.length()) {
                gradientBlock(outGrad, outGradOff + k * plane + y * outWidth + x, outWidth, filterPlanes, d, matrix,
                        t * filters + k);
            }
            for (; k < filters; k++) {
                int g = outGradOff + k * plane + y * outWidth + x;
                float g00 = outGrad[g];
                float g01 = secondColumn ? outGrad[g + 1] : 0f;
                float g10 = secondRow ? outGrad[g + outWidth] : 0f;
                float g11 = secondRow && secondColumn ? outGrad[g + outWidth + 1] : 0f;
                // rows of A g: (g00, g01), (g00 + g10, g01 + g11), (g00 - g10, g01 - g11), (-g10, -g11)
                int at = t * filters + k;
                row(d, matrix, at, 0, g00, g01);
                row(d, matrix, at, 1, g00 + g10, g01 + g11);
                row(d, matrix, at, 2, g00 - g10, g01 - g11);
                row(d, matrix, at, 3, -g10, -g11);
            }
        }
    }

    /**
     * A g A^T for the 2x2 blocks at outGrad[g..] of a vector of filters (planes filterPlanes apart),
     * written to D[.][at..]: the scalar arithmetic of {@link #transformGradient} on vectors, in a
     * method of its own so that C2 inlines every vector operation (in the large loop it boxed some).
     */
    private static void gradientBlock(float[] outGrad, int g, int outWidth, int[] filterPlanes, float[] d, int matrix,
                                      int at) {
        FloatVector g00 = FloatVector.fromArray(FLOATS, outGrad, g, filterPlanes, 0);
        FloatVector g01 = FloatVector.fromArray(FLOATS, outGrad, g + 1, filterPlanes, 0);
        FloatVector g10 = FloatVector.fromArray(FLOATS, outGrad, g + outWidth, filterPlanes, 0);
        FloatVector g11 = FloatVector.fromArray(FLOATS, outGrad, g + outWidth + 1, filterPlanes, 0);
        // rows of A g: (g00, g01), (g00 + g10, g01 + g11), (g00 - g10, g01 - g11), (-g10, -g11); each row
        // (a, b) gives (a, a + b, a - b, -b)
        FloatVector a = g00.add(g10);
        FloatVector b = g01.add(g11);
        FloatVector c = g00.sub(g10);
        FloatVector e = g01.sub(g11);
        FloatVector f = g10.neg();
        FloatVector h = g11.neg();
        g00.intoArray(d, at);
        g00.add(g01).intoArray(d, matrix + at);
        g00.sub(g01).intoArray(d, 2 * matrix + at);
        g01.neg().intoArray(d, 3 * matrix + at);
        a.intoArray(d, 4 * matrix + at);
        a.add(b).intoArray(d, 5 * matrix + at);
        a.sub(b).intoArray(d, 6 * matrix + at);
        b.neg().intoArray(d, 7 * matrix + at);
        c.intoArray(d, 8 * matrix + at);
        c.add(e).intoArray(d, 9 * matrix + at);
        c.sub(e).intoArray(d, 10 * matrix + at);
        e.neg().intoArray(d, 11 * matrix + at);
        f.intoArray(d, 12 * matrix + at);
        f.add(h).intoArray(d, 13 * matrix + at);
        f.sub(h).intoArray(d, 14 * matrix + at);
        h.neg().intoArray(d, 15 * matrix + at);
    }

    /** Row i of A g A^T from row i of A g, (a, b): (a, a + b, a - b, -b). */
    private static void row(float[] d, int matrix, int at, int i, float a, float b) {
        d[(4 * i) * matrix + at] = a;
        d[(4 * i + 1) * matrix + at] = a + b;
        d[(4 * i + 2) * matrix + at] = a - b;
        d[(4 * i + 3) * matrix + at] = -b;
    }

    /**
     * weightGrad[filters][channels][3][3] (at gradOff, overwritten) = G^T W G for W[xi][channels][filters] at wOff:
     * G^T has rows (1, 1/2, 1/2, 0), (0, 1/2, -1/2, 0), (0, 1/2, 1/2, 1).
     */
    @Override
    public void transformWeightGradient(float[] w, int wOff, int filters, int channels, float[] weightGrad,
                                               int gradOff) {
        int matrix = channels * filters;
        float[] columns = new float[12];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < filters; k++) {
                int at = wOff + c * filters + k;
                // G^T W: 3 x 4, then (G^T W) G: 3 x 3
                for (int col = 0; col < 4; col++) {
                    float w0 = w[col * matrix + at];
                    float w1 = w[(4 + col) * matrix + at];
                    float w2 = w[(8 + col) * matrix + at];
                    float w3 = w[(12 + col) * matrix + at];
                    columns[col] = w0 + 0.5f * (w1 + w2);
                    columns[4 + col] = 0.5f * (w1 - w2);
                    columns[8 + col] = 0.5f * (w1 + w2) + w3;
                }
                int to = gradOff + (k * channels + c) * 9;
                for (int r = 0; r < 3; r++) {
                    float x0 = columns[4 * r];
                    float x1 = columns[4 * r + 1];
                    float x2 = columns[4 * r + 2];
                    float x3 = columns[4 * r + 3];
                    weightGrad[to + 3 * r] = x0 + 0.5f * (x1 + x2);
                    weightGrad[to + 3 * r + 1] = 0.5f * (x1 - x2);
                    weightGrad[to + 3 * r + 2] = 0.5f * (x1 + x2) + x3;
                }
            }
        }
    }
}

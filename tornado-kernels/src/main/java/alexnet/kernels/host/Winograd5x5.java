package alexnet.kernels.host;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The transforms of Winograd's F(3x3, 5x5) (see {@link WinogradTransforms} for the scheme), for conv2:
 * 49 products, one per position xi of the 7x7 tiles, of 4.6x fewer multiplies than the direct sums
 * (49 per 3x3 block against 225), and conv2's 27x27 output is exactly 81 blocks. The matrices come
 * from the points 0, 1, -1, 2, -2, -1/2 and infinity (Toom-Cook); the rows of B^T are doubled (but
 * the sixth) to clear their fractions, and the rows of G halved to match:
 * <pre>
 * B^T = [ 4  8  -5 -10   1   2  0 ]    G = [   1/4      0       0      0      0   ]    A^T = [ 1  1  1  1  1    1   0 ]
 *       [ 0 -4 -12  -7   3   2  0 ]        [  -1/18  -1/18   -1/18  -1/18  -1/18  ]          [ 0  1 -1  2 -2 -1/2  0 ]
 *       [ 0  4   4  -9  -1   2  0 ]        [   1/6   -1/6     1/6   -1/6    1/6   ]          [ 0  1  1  4  4  1/4  1 ]
 *       [ 0 -2  -5   0   5   2  0 ]        [  1/120   1/60    1/30   1/15   2/15  ]
 *       [ 0  2   3  -4  -3   2  0 ]        [ -1/72    1/36   -1/18   1/9   -2/9   ]
 *       [ 0  4   0  -5   0   1  0 ]        [ -32/45  16/45   -8/45   4/45  -2/45  ]
 *       [ 0  4   8  -5 -10   1  2 ]        [    0      0       0      0     1/2   ]
 * </pre>
 * Rounding: 3e-6 of the largest output on average over a 48-channel sum of random data, as
 * F(2x2, 5x5) from the points 0, +-1, +-2 (2.6e-6), which this replaced (F(3x3, 5x5) from 0, +-1,
 * +-2, 3 was 17x worse). Every 2-D transform is its 1-D transform down the columns, then along the
 * rows. The weight gradient is F(5x5, 3x3): A (7x3) on the output gradient's 3x3 blocks, G^T (5x7)
 * back.
 *
 * <p>The per-image transforms run a vector at a time (tiles for the input, filters for the output
 * and the output gradient) with the rest one at a time through the same arithmetic, so the two
 * give the same floats. Their vector arithmetic stays in small methods that pass arrays, not
 * vectors, and each loop has a single gather or scatter site: with larger bodies, JDK 17's C2 boxed
 * vectors or left gathers to the Vector API's allocating fallback (found in {@link Winograd3x3}'s
 * transforms: garbage in every step).
 *
 * <p>Not a TornadoVM kernel: the convolution kernels of alexnet.kernels are the reference the layer
 * that uses this is tested against.
 */
public final class Winograd5x5 implements WinogradTransforms {

    /** Side of a tile. */
    private static final int SIDE = 7;
    /** Side of an output block. */
    private static final int BLOCK = 3;
    /** Positions of a transformed tile. */
    private static final int POSITIONS = SIDE * SIDE;

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();

    /**
     * Per thread: a vector of tiles' (or filters') values at the 49 positions, and their column
     * transforms, lane by lane.
     */
    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[][] {new float[POSITIONS * LANES], new float[POSITIONS * LANES]});

    @Override
    public int filterSize() {
        return 5;
    }

    @Override
    public int blockSize() {
        return BLOCK;
    }

    @Override
    public void transformFilters(float[] w, int wOff, int filters, int channels, boolean flipped, float[] u,
                                 int first, int count) {
        int matrix = filters * channels;
        float[] g = new float[25];
        float[] columns = new float[SIDE * 5];
        float[] tile = new float[POSITIONS];
        // In U's order (at), so that each position's matrix is written front to back.
        for (int at = first; at < first + count; at++) {
            int k = flipped ? at / channels : at % filters;
            int c = flipped ? at % channels : at / filters;
            int from = wOff + (k * channels + c) * 25;
            for (int i = 0; i < 25; i++) {
                g[i] = flipped ? w[from + 24 - i] : w[from + i];
            }
            for (int column = 0; column < 5; column++) {
                filter(g, column, 5, columns, column, 5);
            }
            for (int row = 0; row < SIDE; row++) {
                filter(columns, row * 5, 1, tile, row * SIDE, 1);
            }
            for (int xi = 0; xi < POSITIONS; xi++) {
                u[xi * matrix + at] = tile[xi];
            }
        }
    }

    /** G x for the five values x[xOff + i xStep], to y[yOff + j yStep], j < 7. */
    private static void filter(float[] x, int xOff, int xStep, float[] y, int yOff, int yStep) {
        float x0 = x[xOff];
        float x1 = x[xOff + xStep];
        float x2 = x[xOff + 2 * xStep];
        float x3 = x[xOff + 3 * xStep];
        float x4 = x[xOff + 4 * xStep];
        y[yOff] = x0 / 4f;
        y[yOff + yStep] = -(x0 + x1 + x2 + x3 + x4) / 18f;
        y[yOff + 2 * yStep] = (x0 - x1 + x2 - x3 + x4) / 6f;
        y[yOff + 3 * yStep] = (x0 + 2f * x1 + 4f * x2 + 8f * x3 + 16f * x4) / 120f;
        y[yOff + 4 * yStep] = -(x0 - 2f * x1 + 4f * x2 - 8f * x3 + 16f * x4) / 72f;
        y[yOff + 5 * yStep] = -2f * (16f * x0 - 8f * x1 + 4f * x2 - 2f * x3 + x4) / 45f;
        y[yOff + 6 * yStep] = x4 / 2f;
    }

    /**
     * A vector of tiles at a time (V's rows are contiguous along them), their 49 values gathered
     * from the padded plane by the tiles' corners; the tiles left over one at a time.
     */
    @Override
    public void transformInput(float[] in, int inOff, int channels, int height, int width, int pad, int outHeight,
                               int outWidth, float[] v, float[] padded) {
        int tilesX = blocks(outWidth);
        int tiles = tiles(outHeight, outWidth);
        int cols = paddedSpan(outWidth);
        int matrix = channels * tiles;
        int[] corners = WinogradTiles.corners(BLOCK, tilesX, tiles, cols);
        float[][] scratch = SCRATCH.get();
        // The border stays zero from channel to channel: each channel's copy writes only the interior.
        Arrays.fill(padded, 0, paddedSize(outHeight, outWidth), 0f);
        for (int c = 0; c < channels; c++) {
            WinogradTiles.pad(in, inOff + c * height * width, height, width, pad, padded, cols);
            int t = 0;
            for (; t <= tiles - LANES; t += LANES) {
                for (int xi = 0; xi < POSITIONS; xi++) {
                    FloatVector.fromArray(FLOATS, padded, xi / SIDE * cols + xi % SIDE, corners, t)
                            .intoArray(scratch[0], xi * LANES);
                }
                inputPasses(scratch[0], LANES, scratch[1], v, c * tiles + t, matrix);
            }
            for (; t < tiles; t++) {
                for (int xi = 0; xi < POSITIONS; xi++) {
                    scratch[0][xi] = padded[corners[t] + xi / SIDE * cols + xi % SIDE];
                }
                inputPasses(scratch[0], 1, scratch[1], v, c * tiles + t, matrix);
            }
        }
    }

    /**
     * B^T d B for the tiles d (lanes of them, position xi at d[xi lanes..]) to V[xi][at..]: B^T down
     * each column into columns, then along each row.
     */
    private static void inputPasses(float[] d, int lanes, float[] columns, float[] v, int at, int matrix) {
        for (int column = 0; column < SIDE; column++) {
            if (lanes == 1) {
                input(d, column, SIDE, columns, column, SIDE);
            } else {
                inputLanes(d, column * lanes, SIDE * lanes, columns, column * lanes, SIDE * lanes);
            }
        }
        for (int row = 0; row < SIDE; row++) {
            if (lanes == 1) {
                input(columns, row * SIDE, 1, v, row * SIDE * matrix + at, matrix);
            } else {
                inputLanes(columns, row * SIDE * lanes, lanes, v, row * SIDE * matrix + at, matrix);
            }
        }
    }

    /** B^T x for the seven values x[xOff + i xStep], to y[yOff + j yStep]. */
    private static void input(float[] x, int xOff, int xStep, float[] y, int yOff, int yStep) {
        float x0 = x[xOff];
        float x1 = x[xOff + xStep];
        float x2 = x[xOff + 2 * xStep];
        float x3 = x[xOff + 3 * xStep];
        float x4 = x[xOff + 4 * xStep];
        float x5 = x[xOff + 5 * xStep];
        float x6 = x[xOff + 6 * xStep];
        y[yOff] = 4f * x0 + 8f * x1 - 5f * x2 - 10f * x3 + x4 + 2f * x5;
        y[yOff + yStep] = -4f * x1 - 12f * x2 - 7f * x3 + 3f * x4 + 2f * x5;
        y[yOff + 2 * yStep] = 4f * x1 + 4f * x2 - 9f * x3 - x4 + 2f * x5;
        y[yOff + 3 * yStep] = -2f * x1 - 5f * x2 + 5f * x4 + 2f * x5;
        y[yOff + 4 * yStep] = 2f * x1 + 3f * x2 - 4f * x3 - 3f * x4 + 2f * x5;
        y[yOff + 5 * yStep] = 4f * x1 - 5f * x3 + x5;
        y[yOff + 6 * yStep] = 4f * x1 + 8f * x2 - 5f * x3 - 10f * x4 + x5 + 2f * x6;
    }

    /** {@link #input} on a vector of lanes at each offset. */
    private static void inputLanes(float[] x, int xOff, int xStep, float[] y, int yOff, int yStep) {
        FloatVector x0 = load(x, xOff);
        FloatVector x1 = load(x, xOff + xStep);
        FloatVector x2 = load(x, xOff + 2 * xStep);
        FloatVector x3 = load(x, xOff + 3 * xStep);
        FloatVector x4 = load(x, xOff + 4 * xStep);
        FloatVector x5 = load(x, xOff + 5 * xStep);
        FloatVector x6 = load(x, xOff + 6 * xStep);
        x0.mul(4f).add(x1.mul(8f)).sub(x2.mul(5f)).sub(x3.mul(10f)).add(x4).add(x5.mul(2f)).intoArray(y, yOff);
        x1.mul(-4f).sub(x2.mul(12f)).sub(x3.mul(7f)).add(x4.mul(3f)).add(x5.mul(2f)).intoArray(y, yOff + yStep);
        x1.mul(4f).add(x2.mul(4f)).sub(x3.mul(9f)).sub(x4).add(x5.mul(2f)).intoArray(y, yOff + 2 * yStep);
        x1.mul(-2f).sub(x2.mul(5f)).add(x4.mul(5f)).add(x5.mul(2f)).intoArray(y, yOff + 3 * yStep);
        x1.mul(2f).add(x2.mul(3f)).sub(x3.mul(4f)).sub(x4.mul(3f)).add(x5.mul(2f)).intoArray(y, yOff + 4 * yStep);
        x1.mul(4f).sub(x3.mul(5f)).add(x5).intoArray(y, yOff + 5 * yStep);
        x1.mul(4f).add(x2.mul(8f)).sub(x3.mul(5f)).sub(x4.mul(10f)).add(x5).add(x6.mul(2f)).intoArray(y, yOff + 6 * yStep);
    }

    /**
     * A vector of filters at a time (M's rows are contiguous along them), each output scattered to
     * its filter's plane; the filters left over one at a time.
     */
    @Override
    public void transformOutput(float[] m, int filters, int outHeight, int outWidth, float[] out, int outOff) {
        int tilesX = blocks(outWidth);
        int tiles = tiles(outHeight, outWidth);
        int matrix = tiles * filters;
        int plane = outHeight * outWidth;
        int[] filterPlanes = GatherOffsets.of(plane);
        float[][] scratch = SCRATCH.get();
        float[] block = scratch[0];
        for (int t = 0; t < tiles; t++) {
            int y = BLOCK * (t / tilesX);
            int x = BLOCK * (t % tilesX);
            int rows = Math.min(BLOCK, outHeight - y);
            int columns = Math.min(BLOCK, outWidth - x);
            int k = 0;
            for (; k <= filters - LANES; k += LANES) {
                outputPasses(m, t * filters + k, matrix, LANES, scratch[1], block);
                int o = outOff + k * plane + y * outWidth + x;
                for (int i = 0; i < rows * columns; i++) {
                    load(block, (BLOCK * (i / columns) + i % columns) * LANES)
                            .intoArray(out, o + i / columns * outWidth + i % columns, filterPlanes, 0);
                }
            }
            for (; k < filters; k++) {
                outputPasses(m, t * filters + k, matrix, 1, scratch[1], block);
                int o = outOff + k * plane + y * outWidth + x;
                for (int i = 0; i < rows * columns; i++) {
                    out[o + i / columns * outWidth + i % columns] = block[BLOCK * (i / columns) + i % columns];
                }
            }
        }
    }

    /**
     * The 3x3 blocks A^T m A of lanes filters' m (position xi at M[xi][at..]) to block[(3 row +
     * column) lanes..]: A^T down each column into columns, then along the three rows.
     */
    private static void outputPasses(float[] m, int at, int matrix, int lanes, float[] columns, float[] block) {
        for (int column = 0; column < SIDE; column++) {
            if (lanes == 1) {
                output(m, column * matrix + at, SIDE * matrix, columns, column, SIDE);
            } else {
                outputLanes(m, column * matrix + at, SIDE * matrix, columns, column * lanes, SIDE * lanes);
            }
        }
        for (int row = 0; row < BLOCK; row++) {
            if (lanes == 1) {
                output(columns, row * SIDE, 1, block, BLOCK * row, 1);
            } else {
                outputLanes(columns, row * SIDE * lanes, lanes, block, BLOCK * row * lanes, lanes);
            }
        }
    }

    /** A^T x for the seven values x[xOff + i xStep], to y[yOff + j yStep], j < 3. */
    private static void output(float[] x, int xOff, int xStep, float[] y, int yOff, int yStep) {
        float x0 = x[xOff];
        float x1 = x[xOff + xStep];
        float x2 = x[xOff + 2 * xStep];
        float x3 = x[xOff + 3 * xStep];
        float x4 = x[xOff + 4 * xStep];
        float x5 = x[xOff + 5 * xStep];
        float x6 = x[xOff + 6 * xStep];
        y[yOff] = x0 + x1 + x2 + x3 + x4 + x5;
        y[yOff + yStep] = x1 - x2 + 2f * (x3 - x4) - 0.5f * x5;
        y[yOff + 2 * yStep] = x1 + x2 + 4f * (x3 + x4) + 0.25f * x5 + x6;
    }

    /** {@link #output} on a vector of lanes at each offset. */
    private static void outputLanes(float[] x, int xOff, int xStep, float[] y, int yOff, int yStep) {
        FloatVector x0 = load(x, xOff);
        FloatVector x1 = load(x, xOff + xStep);
        FloatVector x2 = load(x, xOff + 2 * xStep);
        FloatVector x3 = load(x, xOff + 3 * xStep);
        FloatVector x4 = load(x, xOff + 4 * xStep);
        FloatVector x5 = load(x, xOff + 5 * xStep);
        FloatVector x6 = load(x, xOff + 6 * xStep);
        x0.add(x1).add(x2).add(x3).add(x4).add(x5).intoArray(y, yOff);
        x1.sub(x2).add(x3.sub(x4).mul(2f)).sub(x5.mul(0.5f)).intoArray(y, yOff + yStep);
        x1.add(x2).add(x3.add(x4).mul(4f)).add(x5.mul(0.25f)).add(x6).intoArray(y, yOff + 2 * yStep);
    }

    private static FloatVector load(float[] a, int at) {
        return FloatVector.fromArray(FLOATS, a, at);
    }

    /**
     * A vector of filters at a time, their blocks gathered from their planes (D's rows are
     * contiguous along them); the filters left over one at a time. Zero past the edge.
     */
    @Override
    public void transformGradient(float[] outGrad, int outGradOff, int filters, int outHeight, int outWidth,
                                  float[] d) {
        int tilesX = blocks(outWidth);
        int tiles = tiles(outHeight, outWidth);
        int matrix = tiles * filters;
        int plane = outHeight * outWidth;
        int[] filterPlanes = GatherOffsets.of(plane);
        float[][] scratch = SCRATCH.get();
        float[] block = scratch[0];
        for (int t = 0; t < tiles; t++) {
            int y = BLOCK * (t / tilesX);
            int x = BLOCK * (t % tilesX);
            int rows = Math.min(BLOCK, outHeight - y);
            int columns = Math.min(BLOCK, outWidth - x);
            int k = 0;
            for (; k <= filters - LANES; k += LANES) {
                int g = outGradOff + k * plane + y * outWidth + x;
                for (int i = 0; i < BLOCK * BLOCK; i++) {
                    if (i / BLOCK < rows && i % BLOCK < columns) {
                        FloatVector.fromArray(FLOATS, outGrad, g + i / BLOCK * outWidth + i % BLOCK, filterPlanes, 0)
                                .intoArray(block, i * LANES);
                    } else {
                        Arrays.fill(block, i * LANES, (i + 1) * LANES, 0f);
                    }
                }
                gradientPasses(block, LANES, scratch[1], d, t * filters + k, matrix);
            }
            for (; k < filters; k++) {
                int g = outGradOff + k * plane + y * outWidth + x;
                for (int i = 0; i < BLOCK * BLOCK; i++) {
                    block[i] = i / BLOCK < rows && i % BLOCK < columns ? outGrad[g + i / BLOCK * outWidth + i % BLOCK] : 0f;
                }
                gradientPasses(block, 1, scratch[1], d, t * filters + k, matrix);
            }
        }
    }

    /**
     * A g A^T for lanes filters' 3x3 blocks g (g[row][column] at block[(3 row + column) lanes..]) to
     * D[xi][at..]: A down the three columns into columns, then along each of the seven rows.
     */
    private static void gradientPasses(float[] block, int lanes, float[] columns, float[] d, int at, int matrix) {
        for (int column = 0; column < BLOCK; column++) {
            if (lanes == 1) {
                gradient(block, column, BLOCK, columns, column, BLOCK);
            } else {
                gradientLanes(block, column * lanes, BLOCK * lanes, columns, column * lanes, BLOCK * lanes);
            }
        }
        for (int row = 0; row < SIDE; row++) {
            if (lanes == 1) {
                gradient(columns, BLOCK * row, 1, d, SIDE * row * matrix + at, matrix);
            } else {
                gradientLanes(columns, BLOCK * row * lanes, lanes, d, SIDE * row * matrix + at, matrix);
            }
        }
    }

    /**
     * A x for the three values a, b, c at x[xOff + i xStep], to y[yOff + j yStep]: (a, a + b + c,
     * a - b + c, a + 2b + 4c, a - 2b + 4c, a - b/2 + c/4, c).
     */
    private static void gradient(float[] x, int xOff, int xStep, float[] y, int yOff, int yStep) {
        float a = x[xOff];
        float b = x[xOff + xStep];
        float c = x[xOff + 2 * xStep];
        y[yOff] = a;
        y[yOff + yStep] = a + b + c;
        y[yOff + 2 * yStep] = a - b + c;
        y[yOff + 3 * yStep] = a + 2f * b + 4f * c;
        y[yOff + 4 * yStep] = a - 2f * b + 4f * c;
        y[yOff + 5 * yStep] = a - 0.5f * b + 0.25f * c;
        y[yOff + 6 * yStep] = c;
    }

    /** {@link #gradient} on a vector of lanes at each offset. */
    private static void gradientLanes(float[] x, int xOff, int xStep, float[] y, int yOff, int yStep) {
        FloatVector a = load(x, xOff);
        FloatVector b = load(x, xOff + xStep);
        FloatVector c = load(x, xOff + 2 * xStep);
        a.intoArray(y, yOff);
        a.add(b).add(c).intoArray(y, yOff + yStep);
        a.sub(b).add(c).intoArray(y, yOff + 2 * yStep);
        a.add(b.mul(2f)).add(c.mul(4f)).intoArray(y, yOff + 3 * yStep);
        a.sub(b.mul(2f)).add(c.mul(4f)).intoArray(y, yOff + 4 * yStep);
        a.sub(b.mul(0.5f)).add(c.mul(0.25f)).intoArray(y, yOff + 5 * yStep);
        c.intoArray(y, yOff + 6 * yStep);
    }

    @Override
    public void transformWeightGradient(float[] w, int wOff, int filters, int channels, float[] weightGrad,
                                        int gradOff) {
        int matrix = channels * filters;
        float[] columns = new float[5 * SIDE];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < filters; k++) {
                int at = wOff + c * filters + k;
                for (int column = 0; column < SIDE; column++) {
                    back(w, column * matrix + at, SIDE * matrix, columns, column, SIDE);
                }
                int to = gradOff + (k * channels + c) * 25;
                for (int row = 0; row < 5; row++) {
                    back(columns, row * SIDE, 1, weightGrad, to + 5 * row, 1);
                }
            }
        }
    }

    /** G^T x for the seven values x[xOff + i xStep], to y[yOff + j yStep], j < 5. */
    private static void back(float[] x, int xOff, int xStep, float[] y, int yOff, int yStep) {
        float x0 = x[xOff];
        float x1 = x[xOff + xStep];
        float x2 = x[xOff + 2 * xStep];
        float x3 = x[xOff + 3 * xStep];
        float x4 = x[xOff + 4 * xStep];
        float x5 = x[xOff + 5 * xStep];
        float x6 = x[xOff + 6 * xStep];
        y[yOff] = x0 / 4f - x1 / 18f + x2 / 6f + x3 / 120f - x4 / 72f - 32f * x5 / 45f;
        y[yOff + yStep] = -x1 / 18f - x2 / 6f + x3 / 60f + x4 / 36f + 16f * x5 / 45f;
        y[yOff + 2 * yStep] = -x1 / 18f + x2 / 6f + x3 / 30f - x4 / 18f - 8f * x5 / 45f;
        y[yOff + 3 * yStep] = -x1 / 18f - x2 / 6f + x3 / 15f + x4 / 9f + 4f * x5 / 45f;
        y[yOff + 4 * yStep] = -x1 / 18f + x2 / 6f + 2f * x3 / 15f - 2f * x4 / 9f - 2f * x5 / 45f + x6 / 2f;
    }
}

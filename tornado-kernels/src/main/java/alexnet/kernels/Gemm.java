package alexnet.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Matrix products for the fully connected layers, row-major throughout.
 *
 * <p>The parallel dimension is the tile of C: tile {@code t} covers rows
 * {@code (t / colTiles) * ROW_BLOCK ..} and columns {@code (t % colTiles) * COL_BLOCK ..}; launch
 * {@link #tiles(int, int)} iterations. Within a tile the depth is walked in blocks of
 * {@code DEPTH_BLOCK} so that the B panel ({@code DEPTH_BLOCK x COL_BLOCK} floats, 256 KiB) stays in
 * L2 while all rows of the tile stream over it. The inner loop is the single-stream
 * {@code c[j] += a * b[j]} over contiguous j, the form C2 vectorises: folding several depths into one
 * pass ({@code c[j] + a0 * b0[j] + a1 * b1[j] + ...}) reads B through several streams of one array,
 * which JDK 17's C2 leaves scalar (measured: 4x slower), and so does {@code Math.fma}.
 *
 * <p>{@code beta} is BLAS's: C = A B + beta C, with beta = 0 overwriting C without reading it (so
 * stale or NaN contents never leak in) and beta = 1 accumulating. It is a float, not a boolean,
 * because OpenCL forbids bool kernel parameters.
 *
 * <p>Summation order of C[i][j]: p = 0, 1, 2, ... k-1, one rounded multiply and add each, the same for every tiling of the
 * work across threads.
 *
 * <p>The fully connected layer {@code out[B][O] = in[B][I] * W[I][O]} (weights stored input-major) uses
 * {@link #nn} forward, {@link #tn} for {@code dW[I][O] = in^T * dOut}, and for
 * {@code dIn = dOut * W^T} the transposed product {@code dIn^T[I][B] = W[I][O] * dOut^T[O][B]}
 * with {@link #transpose} on the two small batch-sized matrices.
 */
public final class Gemm {

    /** Rows of C per tile. */
    public static final int ROW_BLOCK = 32;
    /** Columns of C per tile: one C row segment (2 KiB) and four B row segments stay in L1. */
    public static final int COL_BLOCK = 512;
    /** Depth per pass over the tile. */
    public static final int DEPTH_BLOCK = 128;

    private Gemm() {
    }

    /** Number of iterations of the parallel loop of {@link #nn} and {@link #tn} for an m x n result. */
    public static int tiles(int m, int n) {
        return ((m + ROW_BLOCK - 1) / ROW_BLOCK) * ((n + COL_BLOCK - 1) / COL_BLOCK);
    }

    /**
     * C = A * B + beta * C.
     * <pre>
     * a: [m][k] at aOff    b: [k][n] at bOff    c: [m][n] at cOff
     * parallel: tiles(m, n) tiles of C
     * </pre>
     */
    public static void nn(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                          int m, int n, int k, float beta, int first, int count) {
        int colTiles = (n + COL_BLOCK - 1) / COL_BLOCK;
        for (@Parallel int t = 0; t < count; t++) {
            int tile = first + t;
            multiplyTile(a, aOff, k, 1, b, bOff, c, cOff, m, n, k, beta,
                    (tile / colTiles) * ROW_BLOCK, (tile % colTiles) * COL_BLOCK);
        }
    }

    /**
     * C = A^T * B + beta * C.
     * <pre>
     * a: [k][m] at aOff    b: [k][n] at bOff    c: [m][n] at cOff
     * parallel: tiles(m, n) tiles of C
     * </pre>
     */
    public static void tn(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                          int m, int n, int k, float beta, int first, int count) {
        int colTiles = (n + COL_BLOCK - 1) / COL_BLOCK;
        for (@Parallel int t = 0; t < count; t++) {
            int tile = first + t;
            multiplyTile(a, aOff, 1, m, b, bOff, c, cOff, m, n, k, beta,
                    (tile / colTiles) * ROW_BLOCK, (tile % colTiles) * COL_BLOCK);
        }
    }

    /**
     * dst = src^T.
     * <pre>
     * src: [rows][cols] at srcOff    dst: [cols][rows] at dstOff
     * parallel: cols (one row of dst each)
     * </pre>
     */
    public static void transpose(float[] src, int srcOff, float[] dst, int dstOff, int rows, int cols,
                                 int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int j = first + t;
            int dstRow = dstOff + j * rows;
            for (int i = 0; i < rows; i++) {
                dst[dstRow + i] = src[srcOff + i * cols + j];
            }
        }
    }

    /**
     * One ROW_BLOCK x COL_BLOCK tile of C (clipped at the edges) starting at (i0, j0). Element (i, p)
     * of the left operand is {@code a[aOff + i * aRowStride + p * aDepthStride]}, which serves A
     * ([m][k]: strides k, 1) and A^T (A stored [k][m]: strides 1, m) alike.
     */
    private static void multiplyTile(float[] a, int aOff, int aRowStride, int aDepthStride,
                                     float[] b, int bOff, float[] c, int cOff,
                                     int m, int n, int k, float beta, int i0, int j0) {
        int iEnd = Math.min(i0 + ROW_BLOCK, m);
        int jEnd = Math.min(j0 + COL_BLOCK, n);
        for (int i = i0; i < iEnd; i++) {
            int cRow = cOff + i * n;
            for (int j = j0; j < jEnd; j++) {
                c[cRow + j] = beta == 0f ? 0f : beta * c[cRow + j];
            }
        }
        for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
            int pEnd = Math.min(p0 + DEPTH_BLOCK, k);
            for (int i = i0; i < iEnd; i++) {
                int cRow = cOff + i * n;
                int aRow = aOff + i * aRowStride;
                for (int p = p0; p < pEnd; p++) {
                    float ap = a[aRow + p * aDepthStride];
                    int bRow = bOff + p * n;
                    for (int j = j0; j < jEnd; j++) {
                        c[cRow + j] += ap * b[bRow + j];
                    }
                }
            }
        }
    }
}

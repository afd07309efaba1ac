package alexnet.tornado;

import uk.ac.manchester.tornado.api.KernelContext;

/**
 * Matrix products the GPU way, in TornadoVM's {@link KernelContext} style: a work-group of 16 x 16
 * work-items computes one 64 x 64 tile of C; the tile's operands pass through local memory 16 depths at a
 * time; every work-item keeps its 4 x 4 outputs in registers (rows ty, ty + 16, ty + 32, ty + 48 and
 * columns tx, tx + 16, ...), so each value read from local memory feeds four multiply-adds.
 *
 * <p>The operands are read through strides, so one kernel serves every product of a training step without
 * a transposition (the table in {@link GemmCall}): element (i, p) of A is
 * {@code a[aOff + z * aStep + i * aRowStride + p * aDepthStride]}, element (p, j) of B is
 * {@code b[bOff + z * bStep + p * bDepthStride + j * bColStride]}, and C is row-major,
 * {@code c[cOff + z * cStep + i * n + j]}. The grid's third dimension z numbers independent products: a
 * convolution's groups, or slices of a long depth (a weight gradient summed over the batch), whose partial
 * results {@link alexnet.kernels.device.Sums#sumSlices} then adds.
 * <pre>
 * C_z[m][n] = A_z[m][k] B_z[k][n]
 * grid: (ceil(n / 64) * 16, ceil(m / 64) * 16, products), work-group (16, 16, 1)
 * </pre>
 * Each depth step of the summation is one rounded multiply-add per output in ascending p, as in the
 * reference {@link alexnet.kernels.Gemm}, except where the device compiler contracts it to an fma.
 */
public final class TiledGemm {

    /** Rows and columns of C per work-group. */
    public static final int TILE = 64;
    /** Work-items along each side of the work-group; each computes TILE / THREADS = 4 rows and columns. */
    public static final int THREADS = 16;
    /** Depths per stage through local memory. */
    public static final int DEPTH = 16;

    private TiledGemm() {
    }

    public static void multiply(KernelContext context, float[] a, float[] b, float[] c, int m, int n, int k,
                                int aOff, int aRowStride, int aDepthStride, int aStep,
                                int bOff, int bDepthStride, int bColStride, int bStep, int cOff, int cStep) {
        int tx = context.localIdx;
        int ty = context.localIdy;
        int thread = ty * THREADS + tx;
        int rowBase = context.groupIdy * TILE;
        int colBase = context.groupIdx * TILE;
        int z = context.groupIdz;
        int aBase = aOff + z * aStep;
        int bBase = bOff + z * bStep;
        int cBase = cOff + z * cStep;
        // aTile[p][i] and bTile[p][j]: one stage of A's 64 rows and B's 64 columns.
        float[] aTile = context.allocateFloatLocalArray(DEPTH * TILE);
        float[] bTile = context.allocateFloatLocalArray(DEPTH * TILE);

        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
        float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
        float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
        for (int p0 = 0; p0 < k; p0 += DEPTH) {
            // Each work-item loads 4 elements of each tile; neighbouring work-items take neighbouring
            // addresses along whichever dimension is contiguous in memory (coalesced loads).
            for (int l = 0; l < 4; l++) {
                int i = aDepthStride == 1 ? thread / DEPTH + l * (TILE / 4) : thread % TILE;
                int p = aDepthStride == 1 ? thread % DEPTH : thread / TILE + l * (DEPTH / 4);
                int row = rowBase + i;
                int depth = p0 + p;
                aTile[p * TILE + i] = row < m && depth < k ? a[aBase + row * aRowStride + depth * aDepthStride] : 0f;
            }
            for (int l = 0; l < 4; l++) {
                int j = bColStride == 1 ? thread % TILE : thread / DEPTH + l * (TILE / 4);
                int p = bColStride == 1 ? thread / TILE + l * (DEPTH / 4) : thread % DEPTH;
                int col = colBase + j;
                int depth = p0 + p;
                bTile[p * TILE + j] = col < n && depth < k ? b[bBase + depth * bDepthStride + col * bColStride] : 0f;
            }
            context.localBarrier();
            for (int p = 0; p < DEPTH; p++) {
                int stage = p * TILE;
                float a0 = aTile[stage + ty];
                float a1 = aTile[stage + ty + THREADS];
                float a2 = aTile[stage + ty + 2 * THREADS];
                float a3 = aTile[stage + ty + 3 * THREADS];
                float b0 = bTile[stage + tx];
                float b1 = bTile[stage + tx + THREADS];
                float b2 = bTile[stage + tx + 2 * THREADS];
                float b3 = bTile[stage + tx + 3 * THREADS];
                c00 += a0 * b0;
                c01 += a0 * b1;
                c02 += a0 * b2;
                c03 += a0 * b3;
                c10 += a1 * b0;
                c11 += a1 * b1;
                c12 += a1 * b2;
                c13 += a1 * b3;
                c20 += a2 * b0;
                c21 += a2 * b1;
                c22 += a2 * b2;
                c23 += a2 * b3;
                c30 += a3 * b0;
                c31 += a3 * b1;
                c32 += a3 * b2;
                c33 += a3 * b3;
            }
            context.localBarrier();
        }
        int row = rowBase + ty;
        int col = colBase + tx;
        storeRow(c, cBase, m, n, row, col, c00, c01, c02, c03);
        storeRow(c, cBase, m, n, row + THREADS, col, c10, c11, c12, c13);
        storeRow(c, cBase, m, n, row + 2 * THREADS, col, c20, c21, c22, c23);
        storeRow(c, cBase, m, n, row + 3 * THREADS, col, c30, c31, c32, c33);
    }

    /** A work-item's four outputs of one row: columns col, col + 16, col + 32, col + 48, inside C only. */
    private static void storeRow(float[] c, int cBase, int m, int n, int row, int col,
                                 float v0, float v1, float v2, float v3) {
        if (row < m) {
            int at = cBase + row * n + col;
            if (col < n) {
                c[at] = v0;
            }
            if (col + THREADS < n) {
                c[at + THREADS] = v1;
            }
            if (col + 2 * THREADS < n) {
                c[at + 2 * THREADS] = v2;
            }
            if (col + 3 * THREADS < n) {
                c[at + 3 * THREADS] = v3;
            }
        }
    }
}

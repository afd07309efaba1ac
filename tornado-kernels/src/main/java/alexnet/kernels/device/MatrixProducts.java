package alexnet.kernels.device;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The plain form of a strided, batched matrix product: one work-item per element of C, a dot product of
 * k terms in ascending p. It is what the tiled KernelContext kernel of the TornadoVM backend computes,
 * with the same arguments (see {@link Product}), and what that kernel is measured beside.
 * <pre>
 * C_z[m][n] = A_z[m][k] B_z[k][n],  z = 0 .. products - 1
 * A_z(i, p) = a[aOff + z * aStep + i * aRowStride + p * aDepthStride]
 * B_z(p, j) = b[bOff + z * bStep + p * bDepthStride + j * bColStride]
 * C_z(i, j) = c[cOff + z * cStep + i * n + j]
 * parallel: products * m * n
 * </pre>
 */
public final class MatrixProducts {

    /** Row tiles (of 4 rows) per band of {@link #multiplyFourByEight}'s order of tiles. */
    private static final int BAND = 16;

    private MatrixProducts() {
    }

    public static void multiply(float[] a, float[] b, float[] c, int m, int n, int k,
                                int aOff, int aRowStride, int aDepthStride, int aStep,
                                int bOff, int bDepthStride, int bColStride, int bStep, int cOff, int cStep,
                                int products) {
        int total = products * m * n;
        for (@Parallel int e = 0; e < total; e++) {
            int j = e % n;
            int i = (e / n) % m;
            int z = e / (n * m);
            int aRow = aOff + z * aStep + i * aRowStride;
            int bColumn = bOff + z * bStep + j * bColStride;
            float sum = 0f;
            for (int p = 0; p < k; p++) {
                sum += a[aRow + p * aDepthStride] * b[bColumn + p * bDepthStride];
            }
            c[cOff + z * cStep + i * n + j] = sum;
        }
    }

    /**
     * The same product shaped for a CPU device when B's columns are contiguous (the forward and the input
     * gradients): one work-item per tile of 4 rows and 8 columns of C, held in 32 accumulators while the
     * depth runs: each step of p reads 4 numbers of A and 8 of B for 32 multiply-adds, and C is written
     * once. Rows and columns past C's edges repeat its last row and column; their sums are not stored. Each element still sums p = 0 .. k-1 in
     * order: {@link #multiply}'s results, bit for bit.
     * <pre>
     * B_z(p, j) = b[bOff + z * bStep + p * bDepthStride + j]
     * parallel: products * ceil(m / 4) * ceil(n / 8)
     * </pre>
     */
    public static void multiplyFourByEight(float[] a, float[] b, float[] c, int m, int n, int k,
                                     int aOff, int aRowStride, int aDepthStride, int aStep,
                                     int bOff, int bDepthStride, int bStep, int cOff, int cStep, int products) {
        int rowTiles = (m + 3) / 4;
        int columnTiles = (n + 7) / 8;
        int tiles = rowTiles * columnTiles;
        int total = products * tiles;
        for (@Parallel int e = 0; e < total; e++) {
            // The tiles go band by band, BAND row tiles (64 rows of C) at a time, and within a band the row
            // tile varies fastest. A CPU runs a work-group's work-items one after another, so neighbours
            // read one strip of B (k x 8) from cache, and the band's rows of A (64 x k) stay cached while
            // its columns go by. Column tiles varying fastest read every strip of B afresh (conv2's B is
            // 448 MB) once per row tile; row tiles varying fastest over all of C's rows read all of A afresh
            // (conv3's input gradient: 3.5 MB) once per column tile.
            int z = e / tiles;
            int tile = e % tiles;
            int band = tile / (BAND * columnTiles);
            int height = Math.min(BAND, rowTiles - band * BAND);
            int inBand = tile % (BAND * columnTiles);
            int i = (band * BAND + inBand % height) * 4;
            int j = (inBand / height) * 8;
            int a0 = aOff + z * aStep + i * aRowStride;
            int a1 = aOff + z * aStep + Math.min(i + 1, m - 1) * aRowStride;
            int a2 = aOff + z * aStep + Math.min(i + 2, m - 1) * aRowStride;
            int a3 = aOff + z * aStep + Math.min(i + 3, m - 1) * aRowStride;
            int b0 = bOff + z * bStep + j;
            int b1 = bOff + z * bStep + Math.min(j + 1, n - 1);
            int b2 = bOff + z * bStep + Math.min(j + 2, n - 1);
            int b3 = bOff + z * bStep + Math.min(j + 3, n - 1);
            int b4 = bOff + z * bStep + Math.min(j + 4, n - 1);
            int b5 = bOff + z * bStep + Math.min(j + 5, n - 1);
            int b6 = bOff + z * bStep + Math.min(j + 6, n - 1);
            int b7 = bOff + z * bStep + Math.min(j + 7, n - 1);
            float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f, c04 = 0f, c05 = 0f, c06 = 0f, c07 = 0f;
            float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f, c14 = 0f, c15 = 0f, c16 = 0f, c17 = 0f;
            float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f, c24 = 0f, c25 = 0f, c26 = 0f, c27 = 0f;
            float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f, c34 = 0f, c35 = 0f, c36 = 0f, c37 = 0f;
            for (int p = 0; p < k; p++) {
                int ap = p * aDepthStride;
                int bp = p * bDepthStride;
                float x0 = a[a0 + ap];
                float x1 = a[a1 + ap];
                float x2 = a[a2 + ap];
                float x3 = a[a3 + ap];
                float y0 = b[b0 + bp];
                float y1 = b[b1 + bp];
                float y2 = b[b2 + bp];
                float y3 = b[b3 + bp];
                float y4 = b[b4 + bp];
                float y5 = b[b5 + bp];
                float y6 = b[b6 + bp];
                float y7 = b[b7 + bp];
                c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
                c04 += x0 * y4; c05 += x0 * y5; c06 += x0 * y6; c07 += x0 * y7;
                c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
                c14 += x1 * y4; c15 += x1 * y5; c16 += x1 * y6; c17 += x1 * y7;
                c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
                c24 += x2 * y4; c25 += x2 * y5; c26 += x2 * y6; c27 += x2 * y7;
                c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
                c34 += x3 * y4; c35 += x3 * y5; c36 += x3 * y6; c37 += x3 * y7;
            }
            int row = cOff + z * cStep + i * n + j;
            storeRow(c, row, n - j, c00, c01, c02, c03, c04, c05, c06, c07);
            if (i + 1 < m) {
                storeRow(c, row + n, n - j, c10, c11, c12, c13, c14, c15, c16, c17);
            }
            if (i + 2 < m) {
                storeRow(c, row + 2 * n, n - j, c20, c21, c22, c23, c24, c25, c26, c27);
            }
            if (i + 3 < m) {
                storeRow(c, row + 3 * n, n - j, c30, c31, c32, c33, c34, c35, c36, c37);
            }
        }
    }

    /** Eight sums of a tile's row from {@code at} on, as many as C has columns left ({@code left}). */
    private static void storeRow(float[] c, int at, int left, float s0, float s1, float s2, float s3, float s4,
                                 float s5, float s6, float s7) {
        storeRow(c, at, left, s0, s1, s2, s3);
        if (left > 4) {
            c[at + 4] = s4;
        }
        if (left > 5) {
            c[at + 5] = s5;
        }
        if (left > 6) {
            c[at + 6] = s6;
        }
        if (left > 7) {
            c[at + 7] = s7;
        }
    }

    /**
     * The same product shaped for a CPU device when B's columns are not contiguous (C = A B^T, the weight
     * gradients, whose operands both run along the depth): one work-item per tile of 4 rows and 4 columns of
     * C, 16 sums held while the depth runs, 8 loads for 16 multiply-adds. Rows and columns past C's edges
     * repeat its last row and column; their sums are not stored. Each element still sums p = 0 .. k-1 in
     * order: {@link #multiply}'s results, bit for bit.
     * <pre>
     * parallel: products * ceil(m / 4) * ceil(n / 4)
     * </pre>
     */
    public static void multiplyFourByFour(float[] a, float[] b, float[] c, int m, int n, int k,
                                          int aOff, int aRowStride, int aDepthStride, int aStep,
                                          int bOff, int bDepthStride, int bColStride, int bStep, int cOff,
                                          int cStep, int products) {
        int rowTiles = (m + 3) / 4;
        int columnTiles = (n + 3) / 4;
        int total = products * rowTiles * columnTiles;
        for (@Parallel int e = 0; e < total; e++) {
            int j = (e % columnTiles) * 4;
            int i = ((e / columnTiles) % rowTiles) * 4;
            int z = e / (columnTiles * rowTiles);
            int a0 = aOff + z * aStep + i * aRowStride;
            int a1 = aOff + z * aStep + Math.min(i + 1, m - 1) * aRowStride;
            int a2 = aOff + z * aStep + Math.min(i + 2, m - 1) * aRowStride;
            int a3 = aOff + z * aStep + Math.min(i + 3, m - 1) * aRowStride;
            int b0 = bOff + z * bStep + j * bColStride;
            int b1 = bOff + z * bStep + Math.min(j + 1, n - 1) * bColStride;
            int b2 = bOff + z * bStep + Math.min(j + 2, n - 1) * bColStride;
            int b3 = bOff + z * bStep + Math.min(j + 3, n - 1) * bColStride;
            float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
            float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
            float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
            float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
            for (int p = 0; p < k; p++) {
                int ap = p * aDepthStride;
                int bp = p * bDepthStride;
                float x0 = a[a0 + ap];
                float x1 = a[a1 + ap];
                float x2 = a[a2 + ap];
                float x3 = a[a3 + ap];
                float y0 = b[b0 + bp];
                float y1 = b[b1 + bp];
                float y2 = b[b2 + bp];
                float y3 = b[b3 + bp];
                c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
                c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
                c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
                c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
            }
            int row = cOff + z * cStep + i * n + j;
            storeRow(c, row, n - j, c00, c01, c02, c03);
            if (i + 1 < m) {
                storeRow(c, row + n, n - j, c10, c11, c12, c13);
            }
            if (i + 2 < m) {
                storeRow(c, row + 2 * n, n - j, c20, c21, c22, c23);
            }
            if (i + 3 < m) {
                storeRow(c, row + 3 * n, n - j, c30, c31, c32, c33);
            }
        }
    }

    /** Four sums of a tile's row from {@code at} on, as many as C has columns left ({@code left}). */
    private static void storeRow(float[] c, int at, int left, float s0, float s1, float s2, float s3) {
        c[at] = s0;
        if (left > 1) {
            c[at + 1] = s1;
        }
        if (left > 2) {
            c[at + 2] = s2;
        }
        if (left > 3) {
            c[at + 3] = s3;
        }
    }
}

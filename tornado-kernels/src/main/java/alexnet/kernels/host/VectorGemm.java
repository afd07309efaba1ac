package alexnet.kernels.host;

import alexnet.kernels.Gemm;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JVM's fast path for {@link Gemm}: the same products, tiles and arguments, written with the
 * JDK's Vector API so that a block of 4 rows x 2 vectors of C stays in registers while the depth
 * streams through, one broadcast of A and two loads of B feeding eight fused multiply-adds.
 * Plain loops cannot say this to C2: it keeps C in memory, and it leaves loops that read B
 * through several streams scalar (see {@link Gemm}).
 *
 * <p>Not a TornadoVM kernel (TornadoVM compiles {@link Gemm}); {@link Gemm} is the reference this
 * is tested against. Each C element is still summed over p = 0 .. k-1 in order, one fused
 * multiply-add each, so the result does not depend on the thread count, and differs from
 * {@link Gemm}'s (separately rounded multiply and add) only by rounding.
 */
public final class VectorGemm {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector (16 with AVX-512). */
    static final int LANES = SPECIES.length();
    /** Depth per pass: 256 rows of a 2-vector strip of B (32 KiB with 16 lanes) stay in L1. */
    private static final int DEPTH_BLOCK = 256;

    private VectorGemm() {
    }

    /** As {@link Gemm#nn}: C = A B + beta C, a [m][k], b [k][n], c [m][n]; tiles of {@link Gemm#tiles}. */
    public static void nn(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                          int m, int n, int k, float beta, int first, int count) {
        tiles(a, aOff, k, 1, b, bOff, c, cOff, m, n, k, beta, first, count);
    }

    /** As {@link Gemm#tn}: C = A^T B + beta C, a [k][m], b [k][n], c [m][n]. */
    public static void tn(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                          int m, int n, int k, float beta, int first, int count) {
        tiles(a, aOff, 1, m, b, bOff, c, cOff, m, n, k, beta, first, count);
    }

    /**
     * The tiles first .. first+count-1, one depth block at a time across all of them: a block of B's
     * rows is then used by every row of A in the range while it is in the cache, instead of being read
     * again for each tile of 32 rows (measured 1.2-1.3x faster at the conv layers' shapes). Each element
     * of C still adds its terms in depth order, so the result is the same for any range of tiles.
     */
    private static void tiles(float[] a, int aOff, int aRowStride, int aDepthStride, float[] b, int bOff,
                              float[] c, int cOff, int m, int n, int k, float beta, int first, int count) {
        int colTiles = (n + Gemm.COL_BLOCK - 1) / Gemm.COL_BLOCK;
        for (int tile = first; tile < first + count; tile++) {
            int i0 = (tile / colTiles) * Gemm.ROW_BLOCK;
            int j0 = (tile % colTiles) * Gemm.COL_BLOCK;
            scale(c, cOff, n, beta, i0, Math.min(i0 + Gemm.ROW_BLOCK, m), j0, Math.min(j0 + Gemm.COL_BLOCK, n));
        }
        for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
            int pEnd = Math.min(p0 + DEPTH_BLOCK, k);
            for (int tile = first; tile < first + count; tile++) {
                int i0 = (tile / colTiles) * Gemm.ROW_BLOCK;
                int j0 = (tile % colTiles) * Gemm.COL_BLOCK;
                multiplyTile(a, aOff, aRowStride, aDepthStride, b, bOff, c, cOff, n, p0, pEnd,
                        i0, Math.min(i0 + Gemm.ROW_BLOCK, m), j0, Math.min(j0 + Gemm.COL_BLOCK, n));
            }
        }
    }

    /** C = beta C over one tile (0 when beta is 0, whatever C held). */
    private static void scale(float[] c, int cOff, int n, float beta, int i0, int iEnd, int j0, int jEnd) {
        for (int i = i0; i < iEnd; i++) {
            for (int j = j0; j < jEnd; j++) {
                c[cOff + i * n + j] = beta == 0f ? 0f : beta * c[cOff + i * n + j];
            }
        }
    }

    /** C[i0..iEnd)[j0..jEnd) += A[i0..iEnd)[p0..pEnd) B[p0..pEnd)[j0..jEnd). */
    private static void multiplyTile(float[] a, int aOff, int aRowStride, int aDepthStride, float[] b, int bOff,
                                     float[] c, int cOff, int n, int p0, int pEnd,
                                     int i0, int iEnd, int j0, int jEnd) {
        int vectorEnd = j0 + (jEnd - j0) / (2 * LANES) * (2 * LANES);
        int i = i0;
        for (; i + 7 < iEnd; i += 8) {
            int aRow = aOff + i * aRowStride;
            int cRow = cOff + i * n;
            for (int j = j0; j < vectorEnd; j += 2 * LANES) {
                eightRows(a, aRow, aRowStride, aDepthStride, b, bOff, c, cRow + j, n, p0, pEnd, j);
            }
            // The columns left over: one full vector, then single columns. (No vectors of half
            // the width: on an AVX-512 machine JDK 17 does not compile 256-bit FloatVector
            // arithmetic next to 512-bit, and the fallback allocates an array per operation, 20x
            // slower; measured.)
            int j = vectorEnd;
            for (; j + LANES <= jEnd; j += LANES) {
                fourRowsOneVector(a, aRow, aRowStride, aDepthStride, b, bOff, c, cRow + j, n, p0, pEnd, j);
                fourRowsOneVector(a, aRow + 4 * aRowStride, aRowStride, aDepthStride, b, bOff, c, cRow + 4 * n + j,
                        n, p0, pEnd, j);
            }
            scalarColumns(a, aRow, aRowStride, aDepthStride, b, bOff, c, cRow, n, p0, pEnd, 8, j, jEnd);
        }
        for (; i + 3 < iEnd; i += 4) {
            int aRow = aOff + i * aRowStride;
            int cRow = cOff + i * n;
            for (int j = j0; j < vectorEnd; j += 2 * LANES) {
                fourRows(a, aRow, aRowStride, aDepthStride, b, bOff, c, cRow + j, n, p0, pEnd, j);
            }
            int j = vectorEnd;
            for (; j + LANES <= jEnd; j += LANES) {
                fourRowsOneVector(a, aRow, aRowStride, aDepthStride, b, bOff, c, cRow + j, n, p0, pEnd, j);
            }
            scalarColumns(a, aRow, aRowStride, aDepthStride, b, bOff, c, cRow, n, p0, pEnd, 4, j, jEnd);
        }
        for (; i < iEnd; i++) {
            for (int j = j0; j < vectorEnd; j += 2 * LANES) {
                oneRow(a, aOff + i * aRowStride, aDepthStride, b, bOff, c, cOff + i * n + j, n, p0, pEnd, j);
            }
            scalarColumns(a, aOff + i * aRowStride, aRowStride, aDepthStride, b, bOff, c, cOff + i * n, n, p0, pEnd,
                    1, vectorEnd, jEnd);
        }
    }

    /** C[rows][j0..jEnd) += A[rows][p0..pEnd) B[p0..pEnd)[j0..jEnd), one column at a time. */
    private static void scalarColumns(float[] a, int aRow, int aRowStride, int aDepthStride, float[] b, int bOff,
                                      float[] c, int cRow, int n, int p0, int pEnd, int rows, int j0, int jEnd) {
        for (int r = 0; r < rows; r++) {
            for (int p = p0; p < pEnd; p++) {
                float ap = a[aRow + r * aRowStride + p * aDepthStride];
                for (int j = j0; j < jEnd; j++) {
                    c[cRow + r * n + j] = Math.fma(ap, b[bOff + p * n + j], c[cRow + r * n + j]);
                }
            }
        }
    }

    /** C[4 rows][one full vector at j] += A B over p0..pEnd, in registers. */
    private static void fourRowsOneVector(float[] a, int aRow, int aRowStride, int aDepthStride, float[] b, int bOff,
                                          float[] c, int cAt, int n, int p0, int pEnd, int j) {
        FloatVector c0 = FloatVector.fromArray(SPECIES, c, cAt);
        FloatVector c1 = FloatVector.fromArray(SPECIES, c, cAt + n);
        FloatVector c2 = FloatVector.fromArray(SPECIES, c, cAt + 2 * n);
        FloatVector c3 = FloatVector.fromArray(SPECIES, c, cAt + 3 * n);
        int a0 = aRow, a1 = a0 + aRowStride, a2 = a1 + aRowStride, a3 = a2 + aRowStride;
        for (int p = p0; p < pEnd; p++) {
            FloatVector bp = FloatVector.fromArray(SPECIES, b, bOff + p * n + j);
            int depth = p * aDepthStride;
            c0 = FloatVector.broadcast(SPECIES, a[a0 + depth]).fma(bp, c0);
            c1 = FloatVector.broadcast(SPECIES, a[a1 + depth]).fma(bp, c1);
            c2 = FloatVector.broadcast(SPECIES, a[a2 + depth]).fma(bp, c2);
            c3 = FloatVector.broadcast(SPECIES, a[a3 + depth]).fma(bp, c3);
        }
        c0.intoArray(c, cAt);
        c1.intoArray(c, cAt + n);
        c2.intoArray(c, cAt + 2 * n);
        c3.intoArray(c, cAt + 3 * n);
    }

    /** C[4 rows][2 vectors at j] += A[4 rows][p0..pEnd) B[p0..pEnd)[2 vectors at j], in registers. */
    private static void fourRows(float[] a, int aRow, int aRowStride, int aDepthStride, float[] b, int bOff,
                                 float[] c, int cAt, int n, int p0, int pEnd, int j) {
        FloatVector c00 = FloatVector.fromArray(SPECIES, c, cAt);
        FloatVector c01 = FloatVector.fromArray(SPECIES, c, cAt + LANES);
        FloatVector c10 = FloatVector.fromArray(SPECIES, c, cAt + n);
        FloatVector c11 = FloatVector.fromArray(SPECIES, c, cAt + n + LANES);
        FloatVector c20 = FloatVector.fromArray(SPECIES, c, cAt + 2 * n);
        FloatVector c21 = FloatVector.fromArray(SPECIES, c, cAt + 2 * n + LANES);
        FloatVector c30 = FloatVector.fromArray(SPECIES, c, cAt + 3 * n);
        FloatVector c31 = FloatVector.fromArray(SPECIES, c, cAt + 3 * n + LANES);
        int a0 = aRow, a1 = a0 + aRowStride, a2 = a1 + aRowStride, a3 = a2 + aRowStride;
        for (int p = p0; p < pEnd; p++) {
            int bRow = bOff + p * n + j;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bRow);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bRow + LANES);
            int depth = p * aDepthStride;
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + depth]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[a1 + depth]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[a2 + depth]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[a3 + depth]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, cAt);
        c01.intoArray(c, cAt + LANES);
        c10.intoArray(c, cAt + n);
        c11.intoArray(c, cAt + n + LANES);
        c20.intoArray(c, cAt + 2 * n);
        c21.intoArray(c, cAt + 2 * n + LANES);
        c30.intoArray(c, cAt + 3 * n);
        c31.intoArray(c, cAt + 3 * n + LANES);
    }

    /**
     * C[8 rows][2 vectors at j] += A[8 rows][p0..pEnd) B[p0..pEnd)[2 vectors at j], in registers:
     * sixteen accumulators, enough independent fused multiply-adds to keep both FMA units busy
     * through their latency, and each pair of B loads feeds sixteen of them.
     */
    private static void eightRows(float[] a, int aRow, int aRowStride, int aDepthStride, float[] b, int bOff,
                                  float[] c, int cAt, int n, int p0, int pEnd, int j) {
        FloatVector c00 = FloatVector.fromArray(SPECIES, c, cAt);
        FloatVector c01 = FloatVector.fromArray(SPECIES, c, cAt + LANES);
        FloatVector c10 = FloatVector.fromArray(SPECIES, c, cAt + n);
        FloatVector c11 = FloatVector.fromArray(SPECIES, c, cAt + n + LANES);
        FloatVector c20 = FloatVector.fromArray(SPECIES, c, cAt + 2 * n);
        FloatVector c21 = FloatVector.fromArray(SPECIES, c, cAt + 2 * n + LANES);
        FloatVector c30 = FloatVector.fromArray(SPECIES, c, cAt + 3 * n);
        FloatVector c31 = FloatVector.fromArray(SPECIES, c, cAt + 3 * n + LANES);
        FloatVector c40 = FloatVector.fromArray(SPECIES, c, cAt + 4 * n);
        FloatVector c41 = FloatVector.fromArray(SPECIES, c, cAt + 4 * n + LANES);
        FloatVector c50 = FloatVector.fromArray(SPECIES, c, cAt + 5 * n);
        FloatVector c51 = FloatVector.fromArray(SPECIES, c, cAt + 5 * n + LANES);
        FloatVector c60 = FloatVector.fromArray(SPECIES, c, cAt + 6 * n);
        FloatVector c61 = FloatVector.fromArray(SPECIES, c, cAt + 6 * n + LANES);
        FloatVector c70 = FloatVector.fromArray(SPECIES, c, cAt + 7 * n);
        FloatVector c71 = FloatVector.fromArray(SPECIES, c, cAt + 7 * n + LANES);
        // Each row's start, computed once: with A read as a[row + p * depthStride] the loop does
        // less address arithmetic (measured 15-25% faster than a[aRow + p * depthStride + r * rowStride]).
        int a0 = aRow, a1 = a0 + aRowStride, a2 = a1 + aRowStride, a3 = a2 + aRowStride;
        int a4 = a3 + aRowStride, a5 = a4 + aRowStride, a6 = a5 + aRowStride, a7 = a6 + aRowStride;
        for (int p = p0; p < pEnd; p++) {
            int bRow = bOff + p * n + j;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bRow);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bRow + LANES);
            int depth = p * aDepthStride;
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + depth]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[a1 + depth]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[a2 + depth]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[a3 + depth]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, a[a4 + depth]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, a[a5 + depth]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(SPECIES, a[a6 + depth]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(SPECIES, a[a7 + depth]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, cAt);
        c01.intoArray(c, cAt + LANES);
        c10.intoArray(c, cAt + n);
        c11.intoArray(c, cAt + n + LANES);
        c20.intoArray(c, cAt + 2 * n);
        c21.intoArray(c, cAt + 2 * n + LANES);
        c30.intoArray(c, cAt + 3 * n);
        c31.intoArray(c, cAt + 3 * n + LANES);
        c40.intoArray(c, cAt + 4 * n);
        c41.intoArray(c, cAt + 4 * n + LANES);
        c50.intoArray(c, cAt + 5 * n);
        c51.intoArray(c, cAt + 5 * n + LANES);
        c60.intoArray(c, cAt + 6 * n);
        c61.intoArray(c, cAt + 6 * n + LANES);
        c70.intoArray(c, cAt + 7 * n);
        c71.intoArray(c, cAt + 7 * n + LANES);
    }

    /** The last rows of a tile (fewer than 4): one row, two vectors. */
    private static void oneRow(float[] a, int aRow, int aDepthStride, float[] b, int bOff, float[] c, int cAt, int n,
                               int p0, int pEnd, int j) {
        FloatVector c0 = FloatVector.fromArray(SPECIES, c, cAt);
        FloatVector c1 = FloatVector.fromArray(SPECIES, c, cAt + LANES);
        for (int p = p0; p < pEnd; p++) {
            int bRow = bOff + p * n + j;
            FloatVector x = FloatVector.broadcast(SPECIES, a[aRow + p * aDepthStride]);
            c0 = x.fma(FloatVector.fromArray(SPECIES, b, bRow), c0);
            c1 = x.fma(FloatVector.fromArray(SPECIES, b, bRow + LANES), c1);
        }
        c0.intoArray(c, cAt);
        c1.intoArray(c, cAt + LANES);
    }
}

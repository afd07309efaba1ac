package alexnet.kernels.host;

import alexnet.kernels.Gemm;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JVM's fast path for {@link Gemm}: the same products, arguments and tile count, written with the
 * JDK's Vector API the way BLAS libraries write them (Goto's scheme, as in BLIS and OpenBLAS):
 * <pre>
 * for each depth block p0 (256 deep):
 *   for each column tile j0 (512 wide):    pack B[p0..][j0..] as [16 strips][256 deep][32 columns]
 *     for each row tile i0 (32 rows):      pack A[i0..i0+32][p0..] as [4 panels][256 deep][8 rows]
 *       for each strip, for each panel:    C[8][32] += A panel * B strip, in 16 vector registers
 * </pre>
 * Packing copies each block once into the order the micro-kernel reads it, so the innermost loop
 * walks two small arrays with constant strides: C2 then drops its bounds checks, the block of B
 * stays in L2, and a strip of B (32 KiB) stays in L1 while the tile's panels of A pass over it
 * (measured against unpacked strided reads: 1.2-2x at the AlexNet shapes, more for the fully
 * connected layers; strips outside panels inside: 4-6% more). Rows and columns past the edge of
 * C are zeros in the packed panels, and their results go through a small scratch block.
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
    /** Rows of C per micro-kernel call. */
    private static final int PANEL_ROWS = 8;
    /** Columns of C per micro-kernel call: two vectors. */
    private static final int STRIP_COLUMNS = 2 * LANES;
    /** Depth per packed block: a 256 x 512 block of B is 512 KiB (L2), a tile's A panels 32 KiB. */
    private static final int DEPTH_BLOCK = 256;

    /** Depth steps of a tn panel that fill one vector: 2 with AVX-512, 1 with AVX2. */
    private static final int STEPS_PER_VECTOR = LANES / PANEL_ROWS;
    /** STEP_LANES[s]: the lanes that hold depth step s of a vector of them. */
    private static final VectorMask<Float>[] STEP_LANES = stepLanes();

    /** One thread's packed panels and edge scratch, reused by every call on that thread. */
    private static final class Workspace {
        final float[] packedB = new float[HostGemm.PACKED_LEAD + DEPTH_BLOCK * Gemm.COL_BLOCK];
        final float[] packedA = new float[DEPTH_BLOCK * Gemm.ROW_BLOCK];
        final float[] edge = new float[PANEL_ROWS * STRIP_COLUMNS];
        /** Offsets of a vector of nn panel elements in A (see {@link #packColumnGathers}), for rowStride. */
        final int[] gatherOffsets = new int[LANES];
        int gatherRowStride = -1;

        int[] gatherOffsets(int rowStride) {
            if (rowStride != gatherRowStride) {
                for (int lane = 0; lane < LANES; lane++) {
                    gatherOffsets[lane] = (lane % PANEL_ROWS) * rowStride + lane / PANEL_ROWS;
                }
                gatherRowStride = rowStride;
            }
            return gatherOffsets;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private VectorGemm() {
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Float>[] stepLanes() {
        VectorMask<Float>[] masks = new VectorMask[STEPS_PER_VECTOR];
        for (int s = 0; s < STEPS_PER_VECTOR; s++) {
            boolean[] lanes = new boolean[LANES];
            Arrays.fill(lanes, s * PANEL_ROWS, (s + 1) * PANEL_ROWS, true);
            masks[s] = VectorMask.fromArray(SPECIES, lanes, 0);
        }
        return masks;
    }

    /** As {@link Gemm#nn}: C = A B + beta C, a [m][k], b [k][n], c [m][n]; tiles of {@link Gemm#tiles}. */
    public static void nn(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                          int m, int n, int k, float beta, int first, int count) {
        tiles(a, aOff, k, 1, b, bOff, false, c, cOff, m, n, k, beta, first, count);
    }

    /** As {@link Gemm#tn}: C = A^T B + beta C, a [k][m], b [k][n], c [m][n]. */
    public static void tn(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                          int m, int n, int k, float beta, int first, int count) {
        tiles(a, aOff, 1, m, b, bOff, false, c, cOff, m, n, k, beta, first, count);
    }

    /** Floats that {@link #pack} writes for a B of k x n: its columns padded to whole strips. */
    public static int packedSize(int k, int n) {
        return k * paddedColumns(n);
    }

    /**
     * B[k][n] packed whole, once, for {@link #tnPacked}: depth block after depth block, each in the
     * strips the micro-kernel reads. For products that share B (a convolution's transformed filters
     * in {@link WinogradConvolution}, the same for every image of a batch) and have few rows of A:
     * packing B again for every product cost 10-20% of conv3-5 when they were im2col products of
     * 169 rows; Winograd's have 49.
     */
    public static void pack(float[] b, int bOff, int k, int n, float[] packed, int packedOff) {
        for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
            packB(b, bOff, n, p0, Math.min(DEPTH_BLOCK, k - p0), 0, n, packed, packedOff + p0 * paddedColumns(n));
        }
    }

    /** As {@link #tn}, with B given as {@link #pack} left it. */
    public static void tnPacked(float[] a, int aOff, float[] packedB, int packedOff, float[] c, int cOff,
                                int m, int n, int k, float beta, int first, int count) {
        tiles(a, aOff, 1, m, packedB, packedOff, true, c, cOff, m, n, k, beta, first, count);
    }

    private static int paddedColumns(int n) {
        return (n + STRIP_COLUMNS - 1) / STRIP_COLUMNS * STRIP_COLUMNS;
    }

    /**
     * The tiles first .. first+count-1 of {@link Gemm#tiles}'s count, numbered column tile by column
     * tile (Gemm numbers them row by row; the set is the same): a range of tiles then shares its
     * columns of B, so that when threads split a product whose B is large (the fully connected
     * layers' weights, read row by row at batch 128) each thread reads only its own part of B. The
     * range is walked one depth block at a time, and each packed block of B serves every row of A
     * in the range. Each element of C still adds its terms in depth order, so the result is the
     * same for any range.
     */
    private static void tiles(float[] a, int aOff, int aRowStride, int aDepthStride, float[] b, int bOff,
                              boolean bPacked, float[] c, int cOff, int m, int n, int k, float beta, int first, int count) {
        Workspace work = WORKSPACE.get();
        int rowTiles = (m + Gemm.ROW_BLOCK - 1) / Gemm.ROW_BLOCK;
        // With beta 0 the first depth block zeroes each 8 x 32 block of C just before its kernel
        // instead of in a pass of its own: for a large C with a short depth (the fc layers' weight
        // gradients: 38M floats, depth 128) that pass and the reads after it went to memory twice
        // (measured 1.2-1.4x at those shapes, 1.1-1.2x at the conv input gradients'). Beta 1
        // leaves C as it is.
        boolean overwrite = beta == 0f && k > 0;
        if (!overwrite && beta != 1f) {
            for (int tile = first; tile < first + count; tile++) {
                int i0 = (tile % rowTiles) * Gemm.ROW_BLOCK;
                int j0 = (tile / rowTiles) * Gemm.COL_BLOCK;
                scale(c, cOff, n, beta, i0, Math.min(i0 + Gemm.ROW_BLOCK, m), j0, Math.min(j0 + Gemm.COL_BLOCK, n));
            }
        }
        for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
            int depth = Math.min(DEPTH_BLOCK, k - p0);
            for (int tile = first; tile < first + count; tile++) {
                int i0 = (tile % rowTiles) * Gemm.ROW_BLOCK;
                int j0 = (tile / rowTiles) * Gemm.COL_BLOCK;
                int jEnd = Math.min(j0 + Gemm.COL_BLOCK, n);
                float[] bBlock;
                int stripsAt;
                if (bPacked) {
                    bBlock = b;
                    stripsAt = bOff + p0 * paddedColumns(n) + j0 * depth;
                } else {
                    if (tile == first || i0 == 0) { // a new column tile: its block of B
                        packB(b, bOff, n, p0, depth, j0, jEnd, work.packedB, HostGemm.PACKED_LEAD);
                    }
                    bBlock = work.packedB;
                    stripsAt = HostGemm.PACKED_LEAD;
                }
                multiplyTile(a, aOff, aRowStride, aDepthStride, bBlock, stripsAt, work, c, cOff, n, p0, depth,
                        overwrite && p0 == 0, i0, Math.min(i0 + Gemm.ROW_BLOCK, m), j0, jEnd);
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

    /**
     * B[p0..p0+depth)[j0..jEnd) as strips of STRIP_COLUMNS columns, strip s at packedAt + s * STRIP_COLUMNS
     * * depth, each [depth][STRIP_COLUMNS], zeros past jEnd. B is read row by row, each row's stretch
     * in one pass: read strip by strip, 128 bytes from each of 256 rows a page or more apart, fc6's
     * and fc7's forward products (B is the weights, from memory) took 1.03-1.06x the time, conv1's
     * forward products (B is im2col's 4.4 MB) 1.10-1.18x.
     */
    private static void packB(float[] b, int bOff, int n, int p0, int depth, int j0, int jEnd, float[] packed,
                              int packedAt) {
        for (int p = 0; p < depth; p++) {
            for (int j = j0; j < jEnd; j += STRIP_COLUMNS) {
                int columns = Math.min(STRIP_COLUMNS, jEnd - j);
                int from = bOff + (p0 + p) * n + j;
                int to = packedAt + (j - j0) * depth + p * STRIP_COLUMNS;
                if (columns == STRIP_COLUMNS) {
                    FloatVector.fromArray(SPECIES, b, from).intoArray(packed, to);
                    FloatVector.fromArray(SPECIES, b, from + LANES).intoArray(packed, to + LANES);
                } else {
                    for (int q = 0; q < STRIP_COLUMNS; q++) {
                        packed[to + q] = q < columns ? b[from + q] : 0f;
                    }
                }
            }
        }
    }

    /**
     * A[i..i+rows)[p0..p0+depth) as [depth][PANEL_ROWS] at packed[at0], zeros past the last row.
     * Read along whichever of A's directions is contiguous (a row's depth in nn, the rows in tn):
     * the other order reads every element from a different cache line, measured twice as slow.
     */
    private static void packA(float[] a, int aOff, int aRowStride, int aDepthStride, int i, int rows, int p0,
                              int depth, Workspace work, int at0) {
        float[] packed = work.packedA;
        int from = aOff + i * aRowStride + p0 * aDepthStride;
        if (aDepthStride == 1) {
            int p = rows == PANEL_ROWS ? packColumnGathers(a, from, aRowStride, depth, work, at0) : 0;
            for (int r = 0; r < rows; r++) {
                int row = from + r * aRowStride;
                for (int q = p; q < depth; q++) {
                    packed[at0 + q * PANEL_ROWS + r] = a[row + q];
                }
            }
        } else { // tn: the rows are contiguous (aRowStride 1)
            int p = rows == PANEL_ROWS ? packRowVectors(a, from, aDepthStride, depth, packed, at0) : 0;
            for (; p < depth; p++) {
                int at = from + p * aDepthStride;
                for (int r = 0; r < rows; r++) {
                    packed[at0 + p * PANEL_ROWS + r] = a[at + r];
                }
            }
        }
        for (int r = rows; r < PANEL_ROWS; r++) {
            for (int p = 0; p < depth; p++) {
                packed[at0 + p * PANEL_ROWS + r] = 0f;
            }
        }
    }

    /**
     * The tn panel's first depth steps (8 contiguous rows each), a vector of them at a time: each
     * step's 8 floats loaded into the vector's lanes for it and blended (2 steps per vector with
     * AVX-512). Element by element, packing was a third of the conv forward products' time (their
     * B has 96-384 columns, so each packed element feeds few kernels); this made it 2.5x faster.
     * Stops where a load would pass the end of a; returns the steps packed.
     */
    private static int packRowVectors(float[] a, int from, int aDepthStride, int depth, float[] packed, int at0) {
        int p = 0;
        if (STEPS_PER_VECTOR == 0) {
            return p;
        }
        for (; p + STEPS_PER_VECTOR <= depth; p += STEPS_PER_VECTOR) {
            int at = from + p * aDepthStride;
            if (at + LANES > a.length || at + (STEPS_PER_VECTOR - 1) * aDepthStride + PANEL_ROWS > a.length) {
                break;
            }
            FloatVector steps = FloatVector.fromArray(SPECIES, a, at);
            for (int s = 1; s < STEPS_PER_VECTOR; s++) {
                // step s's rows start s * PANEL_ROWS lanes in
                FloatVector step = FloatVector.fromArray(SPECIES, a, at + s * (aDepthStride - PANEL_ROWS));
                steps = steps.blend(step, STEP_LANES[s]);
            }
            steps.intoArray(packed, at0 + p * PANEL_ROWS);
        }
        return p;
    }

    /**
     * The nn panel's first depth steps, a vector of them at a time: each vector gathers a step's
     * element from each of the 8 rows (2 steps per vector with AVX-512). Element by element, this
     * transposing pack was what kept fc6's input gradient (its A is all of W, 38M floats, each used
     * for only 128 columns) at 56-75% of OpenBLAS. Stops where a gather would pass the end of a;
     * returns the steps packed.
     */
    private static int packColumnGathers(float[] a, int from, int aRowStride, int depth, Workspace work, int at0) {
        int p = 0;
        if (STEPS_PER_VECTOR == 0) {
            return p;
        }
        int[] offsets = work.gatherOffsets(aRowStride);
        int last = (PANEL_ROWS - 1) * aRowStride;
        for (; p + STEPS_PER_VECTOR <= depth && from + p + last + STEPS_PER_VECTOR <= a.length; p += STEPS_PER_VECTOR) {
            FloatVector.fromArray(SPECIES, a, from + p, offsets, 0).intoArray(work.packedA, at0 + p * PANEL_ROWS);
        }
        return p;
    }

    /**
     * C[i0..iEnd)[j0..jEnd) += A[i0..iEnd)[p0..p0+depth) B[p0..p0+depth)[j0..jEnd), with B's block
     * already packed: the strip of columns j0.. at packedB[stripsAt], the next strips after it.
     */
    private static void multiplyTile(float[] a, int aOff, int aRowStride, int aDepthStride, float[] packedB,
                                     int stripsAt, Workspace work,
                                     float[] c, int cOff, int n, int p0, int depth, boolean fresh,
                                     int i0, int iEnd, int j0, int jEnd) {
        for (int i = i0; i < iEnd; i += PANEL_ROWS) {
            packA(a, aOff, aRowStride, aDepthStride, i, Math.min(PANEL_ROWS, iEnd - i), p0, depth, work,
                    (i - i0) * depth);
        }
        for (int j = j0; j < jEnd; j += STRIP_COLUMNS) {
            int columns = Math.min(STRIP_COLUMNS, jEnd - j);
            int strip = stripsAt + (j - j0) * depth;
            for (int i = i0; i < iEnd; i += PANEL_ROWS) {
                int rows = Math.min(PANEL_ROWS, iEnd - i);
                int panel = (i - i0) * depth;
                if (rows == PANEL_ROWS && columns == STRIP_COLUMNS) {
                    if (fresh) {
                        zero(c, cOff + i * n + j, n, 2);
                    }
                    eightRows(work.packedA, panel, packedB, strip, depth, c, cOff + i * n + j, n);
                } else if (rows == PANEL_ROWS && columns == LANES) {
                    if (fresh) {
                        zero(c, cOff + i * n + j, n, 1);
                    }
                    eightRowsOneVector(work.packedA, panel, packedB, strip, depth, c, cOff + i * n + j, n);
                } else {
                    edge(work, panel, packedB, strip, depth, fresh, c, cOff + i * n + j, n, rows, columns);
                }
            }
        }
    }

    /** C[8 rows][vectors at cAt] = 0. */
    private static void zero(float[] c, int cAt, int n, int vectors) {
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int r = 0; r < PANEL_ROWS; r++) {
            for (int v = 0; v < vectors; v++) {
                zero.intoArray(c, cAt + r * n + v * LANES);
            }
        }
    }

    /** A block of C cut by its edge: through the scratch block, where the padding's results fall. */
    private static void edge(Workspace work, int panel, float[] packedB, int strip, int depth, boolean fresh,
                             float[] c, int cAt, int n, int rows, int columns) {
        float[] scratch = work.edge;
        for (int r = 0; r < PANEL_ROWS; r++) {
            for (int q = 0; q < STRIP_COLUMNS; q++) {
                scratch[r * STRIP_COLUMNS + q] = !fresh && r < rows && q < columns ? c[cAt + r * n + q] : 0f;
            }
        }
        if (rows == 1) {
            oneRow(work.packedA, panel, packedB, strip, depth, scratch);
        } else if (columns <= LANES) {
            eightRowsOneVector(work.packedA, panel, packedB, strip, depth, scratch, 0, STRIP_COLUMNS);
        } else {
            eightRows(work.packedA, panel, packedB, strip, depth, scratch, 0, STRIP_COLUMNS);
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(scratch, r * STRIP_COLUMNS, c, cAt + r * n, columns);
        }
    }

    /**
     * The first row of {@link #eightRows}, the same fused multiply-adds in the same order, for a
     * panel with one row of A: Winograd's products have 49 rows (tiles), so one panel in seven is a
     * single row, and the 8-row kernel spent a full panel's work on it. Two chains of dependent
     * fused multiply-adds, so it runs at their latency, still 2-4x the 8-row kernel on that panel.
     */
    private static void oneRow(float[] packedA, int aAt, float[] packedB, int bAt, int depth, float[] c) {
        FloatVector c0 = FloatVector.fromArray(SPECIES, c, 0);
        FloatVector c1 = FloatVector.fromArray(SPECIES, c, LANES);
        for (int p = 0; p < depth; p++) {
            int bp = bAt + p * STRIP_COLUMNS;
            FloatVector x = FloatVector.broadcast(SPECIES, packedA[aAt + p * PANEL_ROWS]);
            c0 = x.fma(FloatVector.fromArray(SPECIES, packedB, bp), c0);
            c1 = x.fma(FloatVector.fromArray(SPECIES, packedB, bp + LANES), c1);
        }
        c0.intoArray(c, 0);
        c1.intoArray(c, LANES);
    }

    /**
     * The first vector of {@link #eightRows}, the same fused multiply-adds in the same order, for a
     * strip of at most one vector of columns (a product 48 columns wide, as conv2's input gradient
     * through Winograd, ends in one): eight independent chains, half the 8-row kernel's work, where
     * it spent a full strip's on the padding.
     */
    private static void eightRowsOneVector(float[] packedA, int aAt, float[] packedB, int bAt, int depth, float[] c,
                                           int cAt, int n) {
        FloatVector c0 = FloatVector.fromArray(SPECIES, c, cAt);
        FloatVector c1 = FloatVector.fromArray(SPECIES, c, cAt + n);
        FloatVector c2 = FloatVector.fromArray(SPECIES, c, cAt + 2 * n);
        FloatVector c3 = FloatVector.fromArray(SPECIES, c, cAt + 3 * n);
        FloatVector c4 = FloatVector.fromArray(SPECIES, c, cAt + 4 * n);
        FloatVector c5 = FloatVector.fromArray(SPECIES, c, cAt + 5 * n);
        FloatVector c6 = FloatVector.fromArray(SPECIES, c, cAt + 6 * n);
        FloatVector c7 = FloatVector.fromArray(SPECIES, c, cAt + 7 * n);
        for (int p = 0; p < depth; p++) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, packedB, bAt + p * STRIP_COLUMNS);
            int ap = aAt + p * PANEL_ROWS;
            c0 = FloatVector.broadcast(SPECIES, packedA[ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(SPECIES, packedA[ap + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(SPECIES, packedA[ap + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(SPECIES, packedA[ap + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(SPECIES, packedA[ap + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(SPECIES, packedA[ap + 5]).fma(b0, c5);
            c6 = FloatVector.broadcast(SPECIES, packedA[ap + 6]).fma(b0, c6);
            c7 = FloatVector.broadcast(SPECIES, packedA[ap + 7]).fma(b0, c7);
        }
        c0.intoArray(c, cAt);
        c1.intoArray(c, cAt + n);
        c2.intoArray(c, cAt + 2 * n);
        c3.intoArray(c, cAt + 3 * n);
        c4.intoArray(c, cAt + 4 * n);
        c5.intoArray(c, cAt + 5 * n);
        c6.intoArray(c, cAt + 6 * n);
        c7.intoArray(c, cAt + 7 * n);
    }

    /**
     * C[8 rows][2 vectors at cAt, rows n apart] += packedA[aAt..][depth][8] * packedB[bAt..][depth][2 vectors],
     * in registers: sixteen accumulators, enough independent fused multiply-adds to keep both FMA
     * units busy through their latency, and each pair of B loads feeds sixteen of them. The packed
     * indices advance by constants, so C2 hoists their bounds checks out of the loop.
     */
    private static void eightRows(float[] packedA, int aAt, float[] packedB, int bAt, int depth, float[] c, int cAt,
                                  int n) {
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
        for (int p = 0; p < depth; p++) {
            int bp = bAt + p * STRIP_COLUMNS;
            FloatVector b0 = FloatVector.fromArray(SPECIES, packedB, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, packedB, bp + LANES);
            int ap = aAt + p * PANEL_ROWS;
            FloatVector x = FloatVector.broadcast(SPECIES, packedA[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, packedA[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, packedA[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, packedA[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, packedA[ap + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, packedA[ap + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(SPECIES, packedA[ap + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(SPECIES, packedA[ap + 7]);
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
}

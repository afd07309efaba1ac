package alexnet.kernels.host;

/**
 * The transforms of one of Winograd's minimal filtering algorithms F(m x m, r x r) (Lavin and Gray, "Fast
 * Algorithms for Convolutional Neural Networks", 2016), for {@link WinogradConvolution}: each m x m
 * block of outputs is
 * <pre>
 * Y = A^T [ (G g G^T) . (B^T d B) ] A        g: an r x r filter, d: the (m + r - 1)^2 input tile under the block
 * </pre>
 * with . the element-wise product over the tile's positions xi. Summed over input channels, that
 * product is one matrix product per xi:
 * <pre>
 * U[xi][C][K]   = G g[k][c] G^T                     filters, once per pass       ({@link #transformFilters})
 * V[xi][C][T]   = B^T d[c][t] B                     each input tile t            ({@link #transformInput})
 * M[xi][T][K]   = V[xi]^T U[xi]                     one product per xi (tn, B packed once)
 * out[K][P][Q]  = A^T M[.][t][k] A                  each output block            ({@link #transformOutput})
 * </pre>
 * T = ceil(P / m) * ceil(Q / m) tiles; blocks that stick out past the output's edge compute outputs
 * that are dropped. The input gradient is the same convolution of the output gradient, padded by
 * r - 1 - pad, with each filter rotated by 180 degrees and the channel roles swapped ({@code flipped}).
 *
 * <p>The weight gradient, a sum over the output positions of dOut[k][y][x] in[c][y + i - pad][x + j - pad],
 * is F(r x r, m x m), whose matrices are F(m x m, r x r)'s transposed (the m x m blocks of the output
 * gradient are the "filters", the same input tiles the data), summed over tiles and images in the
 * transformed domain:
 * <pre>
 * D[xi][T][K]   = A dOut[k][t] A^T                  each m x m block of the output gradient ({@link #transformGradient})
 * W[xi][C][K]  += V[xi] D[xi]                       one product per xi (nn), over a batch's tiles
 * dW[K][C][r][r] = G^T W[.][c][k] G                 once per chunk of images     ({@link #transformWeightGradient})
 * </pre>
 */
public interface WinogradTransforms {

    /** r, the filter size. */
    int filterSize();

    /** m, the side of an output block. */
    int blockSize();

    /** Positions xi of a transformed tile: (m + r - 1)^2. */
    default int positions() {
        int side = blockSize() + filterSize() - 1;
        return side * side;
    }

    /** Blocks along an output side of outSize: ceil(outSize / m). */
    default int blocks(int outSize) {
        return (outSize + blockSize() - 1) / blockSize();
    }

    /** Tiles of an output of outHeight x outWidth: one per m x m block. */
    default int tiles(int outHeight, int outWidth) {
        return blocks(outHeight) * blocks(outWidth);
    }

    /**
     * Rows (or columns) of {@link #transformInput}'s padded plane for an output of outSize rows (or
     * columns): the tiles' span, r - 1 more than the blocks'.
     */
    default int paddedSpan(int outSize) {
        return blockSize() * blocks(outSize) + filterSize() - 1;
    }

    /** Floats {@link #transformInput}'s padded workspace needs. */
    default int paddedSize(int outHeight, int outWidth) {
        return paddedSpan(outHeight) * paddedSpan(outWidth);
    }

    /**
     * U[xi][depth][columns] = G g G^T for each filter g of w[filters][channels][r][r] (at wOff): depth =
     * channels and columns = filters, or, flipped (for the input gradient), g rotated by 180 degrees
     * with depth = filters and columns = channels. Only the pairs first.. (in U's order, depth by
     * depth, columns within) are written, so that threads can share the work.
     */
    void transformFilters(float[] w, int wOff, int filters, int channels, boolean flipped, float[] u, int first,
                          int count);

    /**
     * V[xi][channels][T] = B^T d B for the input tile d of each channel of in[channels][height][width]
     * (at inOff) under each output block, zero outside the image (pad on every side); padded is
     * a workspace of at least {@link #paddedSize} floats.
     */
    void transformInput(float[] in, int inOff, int channels, int height, int width, int pad, int outHeight,
                        int outWidth, float[] v, float[] padded);

    /**
     * out[filters][outHeight][outWidth] (at outOff, overwritten) = A^T m A for each output block,
     * m from M[xi][T][filters]; outputs past the edge are dropped.
     */
    void transformOutput(float[] m, int filters, int outHeight, int outWidth, float[] out, int outOff);

    /**
     * D[xi][T][filters] = A g A^T for each block g of outGrad[filters][outHeight][outWidth] (at
     * outGradOff), zero past the edge.
     */
    void transformGradient(float[] outGrad, int outGradOff, int filters, int outHeight, int outWidth, float[] d);

    /**
     * weightGrad[filters][channels][r][r] (at gradOff, overwritten) = G^T W G for W[xi][channels][filters]
     * at wOff.
     */
    void transformWeightGradient(float[] w, int wOff, int filters, int channels, float[] weightGrad, int gradOff);
}

package alexnet.kernels.host;

import java.util.Arrays;

/**
 * The transforms of Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, "Fast Algorithms for
 * Convolutional Neural Networks", 2016), for the JVM's 3x3 stride-1 convolutions (conv3-5). Each 2x2
 * block of outputs is
 * <pre>
 * Y = A^T [ (G g G^T) . (B^T d B) ] A        g: a 3x3 filter, d: the 4x4 input tile under the block
 * </pre>
 * with . the element-wise product over 16 positions xi. Summed over input channels, that product is
 * 16 matrix products, one per xi, of 2.25x fewer multiplies than the direct sums (16 per 2x2 block
 * against 36):
 * <pre>
 * U[xi][C][K]   = G g[k][c] G^T                     filters, once per pass       ({@link #transformFilters})
 * V[xi][C][T]   = B^T d[c][t] B                     each input tile t            ({@link #transformInput})
 * M[xi][T][K]   = V[xi]^T U[xi]                     16 products (tn, B packed once)
 * out[K][P][Q]  = A^T M[.][t][k] A                  each output block            ({@link #transformOutput})
 * </pre>
 * T = ceil(P / 2) * ceil(Q / 2) tiles; blocks that stick out past the output's edge compute outputs
 * that are dropped. The input gradient is the same convolution of the output gradient, padded by
 * 2 - pad, with each filter rotated by 180 degrees and the channel roles swapped ({@code flipped}).
 * The transforms only add and halve, so the results differ from the direct sums by rounding alone.
 *
 * <p>Not a TornadoVM kernel: the convolution kernels of alexnet.kernels are the reference the layer
 * that uses this is tested against.
 */
public final class Winograd {

    /** Positions of a transformed tile. */
    public static final int POSITIONS = 16;

    private Winograd() {
    }

    /** Tiles of an output of outHeight x outWidth: one per 2x2 block. */
    public static int tiles(int outHeight, int outWidth) {
        return (outHeight + 1) / 2 * ((outWidth + 1) / 2);
    }

    /**
     * U[xi][depth][columns] = G g G^T for each filter g of w[filters][channels][3][3] (at wOff): depth =
     * channels and columns = filters, or, flipped (for the input gradient), g rotated by 180 degrees
     * with depth = filters and columns = channels.
     */
    public static void transformFilters(float[] w, int wOff, int filters, int channels, boolean flipped, float[] u) {
        int matrix = filters * channels;
        float[] g = new float[9];
        float[] gg = new float[12];
        for (int k = 0; k < filters; k++) {
            for (int c = 0; c < channels; c++) {
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
                int at = flipped ? k * channels + c : c * filters + k;
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
    }

    /**
     * V[xi][channels][T] = B^T d B for the 4x4 tile d of each channel of in[channels][height][width]
     * (at inOff) under each 2x2 output block, zero outside the image (pad on every side); padded is
     * a workspace of at least {@link #paddedSize} floats.
     */
    public static void transformInput(float[] in, int inOff, int channels, int height, int width, int pad,
                                      int outHeight, int outWidth, float[] v, float[] padded) {
        int tilesY = (outHeight + 1) / 2;
        int tilesX = (outWidth + 1) / 2;
        int tiles = tilesY * tilesX;
        int rows = 2 * tilesY + 2;
        int cols = 2 * tilesX + 2;
        int matrix = channels * tiles;
        for (int c = 0; c < channels; c++) {
            pad(in, inOff + c * height * width, height, width, pad, padded, rows, cols);
            for (int ty = 0; ty < tilesY; ty++) {
                for (int tx = 0; tx < tilesX; tx++) {
                    int d = 2 * ty * cols + 2 * tx;
                    int at = c * tiles + ty * tilesX + tx;
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
            }
        }
    }

    /** Floats {@link #transformInput}'s padded workspace needs. */
    public static int paddedSize(int outHeight, int outWidth) {
        return (2 * ((outHeight + 1) / 2) + 2) * (2 * ((outWidth + 1) / 2) + 2);
    }

    /** padded[rows][cols] = the plane shifted by pad, zeros around it. */
    private static void pad(float[] in, int plane, int height, int width, int pad, float[] padded, int rows,
                            int cols) {
        Arrays.fill(padded, 0, rows * cols, 0f);
        for (int y = 0; y < height; y++) {
            System.arraycopy(in, plane + y * width, padded, (y + pad) * cols + pad, width);
        }
    }

    /**
     * out[filters][outHeight][outWidth] (at outOff, overwritten) = A^T m A for each 2x2 output block,
     * m from M[xi][T][filters]; outputs past the edge are dropped.
     */
    public static void transformOutput(float[] m, int filters, int outHeight, int outWidth, float[] out, int outOff) {
        int tilesY = (outHeight + 1) / 2;
        int tilesX = (outWidth + 1) / 2;
        int tiles = tilesY * tilesX;
        int matrix = tiles * filters;
        int plane = outHeight * outWidth;
        for (int t = 0; t < tiles; t++) {
            int y = 2 * (t / tilesX);
            int x = 2 * (t % tilesX);
            boolean secondRow = y + 1 < outHeight;
            boolean secondColumn = x + 1 < outWidth;
            for (int k = 0; k < filters; k++) {
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
}

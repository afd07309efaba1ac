package alexnet.kernels.device;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * A convolution on a GPU as matrix products over the whole batch (Chellapilla et al. 2006; Caffe),
 * one work-item per element of every array these kernels write:
 * <pre>
 * forward   col[C*R*S][N*P*Q]   = im2col(in)
 *           cols[K][N*P*Q]      = weights[K][C*R*S] * col                 (one product per group)
 *           out[N][K][P*Q]      = toImages(cols) + bias
 * backward  outGradCols[K][N*P*Q] = fromImages(outGrad)
 *           weightGrad          = outGradCols * col^T                     (split over the batch, then summed)
 *           col                 = weights^T * outGradCols                 (the input gradient in col's layout)
 *           inGrad              = col2im(col)
 * </pre>
 * col's rows are (c, r, s) = (c * R + r) * S + s and its columns (n, p, q) = (n * P + p) * Q + q, so the
 * rows of group g (channels g*C/groups ..) are one contiguous block: each group's product reads its own
 * rows of weights and col and writes its own rows of cols.
 */
public final class Lowering {

    private Lowering() {
    }

    /**
     * col[(c, r, s)][(n, p, q)] = in[n][c][p * stride + r - pad][q * stride + s - pad], 0 in the padding.
     * <pre>
     * in: [batch][channels][height][width]    col: [channels * k * k][batch * outHeight * outWidth]
     * parallel: every element of col
     * </pre>
     */
    public static void im2col(float[] in, float[] col, int batch, int channels, int height, int width,
                              int kernelSize, int stride, int pad, int outHeight, int outWidth) {
        int total = channels * kernelSize * kernelSize * batch * outHeight * outWidth;
        for (@Parallel int e = 0; e < total; e++) {
            int q = e % outWidth;
            int p = (e / outWidth) % outHeight;
            int n = (e / (outWidth * outHeight)) % batch;
            int row = e / (outWidth * outHeight * batch);
            int s = row % kernelSize;
            int r = (row / kernelSize) % kernelSize;
            int c = row / (kernelSize * kernelSize);
            int h = p * stride + r - pad;
            int w = q * stride + s - pad;
            float value = 0f;
            if (h >= 0 && h < height && w >= 0 && w < width) {
                value = in[((n * channels + c) * height + h) * width + w];
            }
            col[e] = value;
        }
    }

    /**
     * The adjoint of {@link #im2col}: inGrad[n][c][h][w] = the sum of col[(c, r, s)][(n, p, q)] over the
     * (r, s, p, q) whose im2col entry was in[n][c][h][w], gathered by the input element itself (no
     * atomics), r then s ascending.
     * <pre>
     * col: [channels * k * k][batch * outHeight * outWidth]    inGrad: [batch][channels][height][width]
     * parallel: every element of inGrad
     * </pre>
     */
    public static void col2im(float[] col, float[] inGrad, int batch, int channels, int height, int width,
                              int kernelSize, int stride, int pad, int outHeight, int outWidth) {
        int total = batch * channels * height * width;
        int columns = batch * outHeight * outWidth;
        for (@Parallel int e = 0; e < total; e++) {
            int w = e % width;
            int h = (e / width) % height;
            int c = (e / (width * height)) % channels;
            int n = e / (width * height * channels);
            float sum = 0f;
            for (int r = 0; r < kernelSize; r++) {
                int rowSpan = h + pad - r;
                int p = rowSpan / stride;
                if (rowSpan >= 0 && p * stride == rowSpan && p < outHeight) {
                    for (int s = 0; s < kernelSize; s++) {
                        int colSpan = w + pad - s;
                        int q = colSpan / stride;
                        if (colSpan >= 0 && q * stride == colSpan && q < outWidth) {
                            int row = (c * kernelSize + r) * kernelSize + s;
                            sum += col[row * columns + (n * outHeight + p) * outWidth + q];
                        }
                    }
                }
            }
            inGrad[e] = sum;
        }
    }

    /**
     * out[n][f][x] = cols[f][n][x] + bias[f]: the products' layout back to NCHW, with the bias.
     * <pre>
     * cols: [filters][batch][plane]    bias: [filters]    out: [batch][filters][plane]
     * parallel: every element of out
     * </pre>
     */
    public static void toImages(float[] cols, float[] bias, float[] out, int batch, int filters, int plane) {
        int total = batch * filters * plane;
        for (@Parallel int e = 0; e < total; e++) {
            int x = e % plane;
            int f = (e / plane) % filters;
            int n = e / (plane * filters);
            out[e] = cols[(f * batch + n) * plane + x] + bias[f];
        }
    }

    /**
     * outGradCols[f][n][x] = outGrad[n][f][x]: the output gradient in the products' layout.
     * <pre>
     * outGrad: [batch][filters][plane]    outGradCols: [filters][batch][plane]
     * parallel: every element of outGradCols
     * </pre>
     */
    public static void fromImages(float[] outGrad, float[] outGradCols, int batch, int filters, int plane) {
        int total = batch * filters * plane;
        for (@Parallel int e = 0; e < total; e++) {
            int x = e % plane;
            int n = (e / plane) % batch;
            int f = e / (plane * batch);
            outGradCols[e] = outGrad[(n * filters + f) * plane + x];
        }
    }
}

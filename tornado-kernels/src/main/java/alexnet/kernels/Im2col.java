package alexnet.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The "im2col" lowering that turns a convolution into one matrix product (Chellapilla et al.
 * 2006; Caffe's convolution): each column of {@code col} holds the input values that one output
 * position reads, so that for one image and one group
 * <pre>
 * out[filters][P*Q] = weights[filters][C*R*S] * col[C*R*S][P*Q]            ({@link Gemm#nn})
 * dcol[C*R*S][P*Q]  = weights^T * outGrad[filters][P*Q]                     ({@link Gemm#tn})
 * </pre>
 * and {@link #col2im} folds {@code dcol} back onto the input gradient.
 *
 * <pre>
 * in (one image, one group's channels), at inOff: [channels][height][width]
 * col: [channels * kernelSize * kernelSize][outHeight * outWidth]
 *      row (c, r, s) = c * kernelSize^2 + r * kernelSize + s, column (p, q) = p * outWidth + q
 * </pre>
 */
public final class Im2col {

    private Im2col() {
    }

    /**
     * col[(c, r, s)][(p, q)] = in[c][p * stride + r - pad][q * stride + s - pad], 0 in the padding.
     * <pre>
     * parallel: rows of col, channels * kernelSize * kernelSize
     * </pre>
     */
    public static void im2col(float[] in, int inOff, float[] col, int channels, int height, int width,
                              int kernelSize, int stride, int pad, int outHeight, int outWidth,
                              int first, int count) {
        int plane = outHeight * outWidth;
        for (@Parallel int t = 0; t < count; t++) {
            int row = first + t;
            int c = row / (kernelSize * kernelSize);
            int r = (row / kernelSize) % kernelSize;
            int s = row % kernelSize;
            int inPlane = inOff + c * height * width;
            int colRow = row * plane;
            for (int p = 0; p < outHeight; p++) {
                int h = p * stride + r - pad;
                int colBase = colRow + p * outWidth;
                for (int q = 0; q < outWidth; q++) {
                    int w = q * stride + s - pad;
                    boolean inside = h >= 0 && h < height && w >= 0 && w < width;
                    col[colBase + q] = inside ? in[inPlane + h * width + w] : 0f;
                }
            }
        }
    }

    /**
     * The transpose of {@link #im2col}, written directly: row[(p, q)][(c, r, s)] = col[(c, r, s)][(p, q)].
     * The weight gradient dWeight[filters][C*R*S] = outGrad[filters][P*Q] * row is then a plain
     * product whose inner loop runs along the long C*R*S rows, with no transpose in between.
     * <pre>
     * row: [outHeight * outWidth][channels * kernelSize * kernelSize]
     * parallel: output positions, outHeight * outWidth
     * </pre>
     */
    public static void im2row(float[] in, int inOff, float[] row, int channels, int height, int width,
                              int kernelSize, int stride, int pad, int outHeight, int outWidth,
                              int first, int count) {
        int rowLength = channels * kernelSize * kernelSize;
        for (@Parallel int t = 0; t < count; t++) {
            int position = first + t;
            int p = position / outWidth;
            int q = position % outWidth;
            int rowBase = position * rowLength;
            for (int c = 0; c < channels; c++) {
                int inPlane = inOff + c * height * width;
                for (int r = 0; r < kernelSize; r++) {
                    int h = p * stride + r - pad;
                    int at = rowBase + (c * kernelSize + r) * kernelSize;
                    for (int s = 0; s < kernelSize; s++) {
                        int w = q * stride + s - pad;
                        boolean inside = h >= 0 && h < height && w >= 0 && w < width;
                        row[at + s] = inside ? in[inPlane + h * width + w] : 0f;
                    }
                }
            }
        }
    }

    /**
     * inGrad[c][h][w] = sum of dcol over the (r, s, p, q) whose im2col entry was in[c][h][w],
     * gathered per input element (as Caffe's col2im), so no two iterations write the same element.
     * The output rows p that read input row h are those with p * stride <= h + pad < p * stride +
     * kernelSize; they are found as a range rather than by testing every kernel row, which keeps
     * the loop free of divisibility tests.
     * <pre>
     * dcol: like col    inGrad (one image, one group), at inOff: [channels][height][width]
     * parallel: channels * height (one input row each)
     * </pre>
     */
    public static void col2im(float[] dcol, float[] inGrad, int inOff, int channels, int height, int width,
                              int kernelSize, int stride, int pad, int outHeight, int outWidth,
                              int first, int count) {
        int plane = outHeight * outWidth;
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            int c = i / height;
            int hp = i % height + pad;
            int pFirst = hp < kernelSize ? 0 : (hp - kernelSize) / stride + 1;
            int pEnd = Math.min(hp / stride + 1, outHeight);
            int inRow = inOff + i * width;
            for (int w = 0; w < width; w++) {
                int wp = w + pad;
                int qFirst = wp < kernelSize ? 0 : (wp - kernelSize) / stride + 1;
                int qEnd = Math.min(wp / stride + 1, outWidth);
                float sum = 0f;
                for (int p = pFirst; p < pEnd; p++) {
                    int r = hp - p * stride;
                    for (int q = qFirst; q < qEnd; q++) {
                        int s = wp - q * stride;
                        sum += dcol[((c * kernelSize + r) * kernelSize + s) * plane + p * outWidth + q];
                    }
                }
                inGrad[inRow + w] = sum;
            }
        }
    }
}

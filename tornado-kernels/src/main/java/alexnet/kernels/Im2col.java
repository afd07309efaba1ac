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
     * inGrad[c][h][w] = sum of dcol over the (r, s, p, q) whose im2col entry was in[c][h][w],
     * gathered per input element in (r, s) order, so no two iterations write the same element.
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
            int h = i % height;
            int inRow = inOff + i * width;
            for (int w = 0; w < width; w++) {
                float sum = 0f;
                for (int r = 0; r < kernelSize; r++) {
                    int ph = h + pad - r;
                    if (ph >= 0 && ph % stride == 0 && ph / stride < outHeight) {
                        int p = ph / stride;
                        for (int s = 0; s < kernelSize; s++) {
                            int qw = w + pad - s;
                            if (qw >= 0 && qw % stride == 0 && qw / stride < outWidth) {
                                sum += dcol[((c * kernelSize + r) * kernelSize + s) * plane + p * outWidth + qw / stride];
                            }
                        }
                    }
                }
                inGrad[inRow + w] = sum;
            }
        }
    }
}

package alexnet.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The "im2col" lowering that turns a convolution into one matrix product (Chellapilla et al.
 * 2006; Caffe's convolution): each column of {@code col} holds the input values that one output
 * position reads, so that for one image and one group
 * <pre>
 * out[filters][P*Q] = weights[filters][C*R*S] * col[C*R*S][P*Q]            ({@link Gemm#nn})
 * </pre>
 * {@link #im2row} writes col's transpose, one row per output position, and {@link #col2im} folds a
 * gradient in col's layout back onto the input gradient:
 * <pre>
 * dcol[C*R*S][P*Q] = weights^T[C*R*S][filters] * outGrad[filters][P*Q]   ({@link Gemm#tn})
 * inGrad           = col2im(dcol)
 * </pre>
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
     * Along an output row the positions q whose input column lies inside the image form one range,
     * computed once; with stride 1 it is a contiguous copy, which the JIT vectorises (1.5-2x faster
     * than testing every element, measured at conv2-5's shapes).
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
            int qFirst = firstInside(s, stride, pad, outWidth);
            int qEnd = endInside(s, stride, pad, width, outWidth, qFirst);
            for (int p = 0; p < outHeight; p++) {
                int h = p * stride + r - pad;
                int colBase = row * plane + p * outWidth;
                if (h < 0 || h >= height) {
                    for (int q = 0; q < outWidth; q++) {
                        col[colBase + q] = 0f;
                    }
                } else {
                    int from = inPlane + h * width + s - pad;
                    for (int q = 0; q < qFirst; q++) {
                        col[colBase + q] = 0f;
                    }
                    if (stride == 1) {
                        for (int q = qFirst; q < qEnd; q++) {
                            col[colBase + q] = in[from + q];
                        }
                    } else {
                        for (int q = qFirst; q < qEnd; q++) {
                            col[colBase + q] = in[from + q * stride];
                        }
                    }
                    for (int q = qEnd; q < outWidth; q++) {
                        col[colBase + q] = 0f;
                    }
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
            int w0 = q * stride - pad;
            // Each kernel row of the window is a run of kernelSize input columns: a plain copy when the
            // run lies inside the image (most positions), zeros when its input row is padding, and a
            // checked copy only at the left and right edges (1.3-1.6x faster than checking every element).
            boolean columnsInside = w0 >= 0 && w0 + kernelSize <= width;
            for (int c = 0; c < channels; c++) {
                int inPlane = inOff + c * height * width;
                for (int r = 0; r < kernelSize; r++) {
                    int h = p * stride + r - pad;
                    int at = rowBase + (c * kernelSize + r) * kernelSize;
                    if (h < 0 || h >= height) {
                        for (int s = 0; s < kernelSize; s++) {
                            row[at + s] = 0f;
                        }
                    } else if (columnsInside) {
                        int from = inPlane + h * width + w0;
                        for (int s = 0; s < kernelSize; s++) {
                            row[at + s] = in[from + s];
                        }
                    } else {
                        for (int s = 0; s < kernelSize; s++) {
                            int w = w0 + s;
                            row[at + s] = w >= 0 && w < width ? in[inPlane + h * width + w] : 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col} (Caffe's col2im): inGrad[c][h][w] = the sum of
     * dcol[(c, r, s)][(p, q)] over the (r, s, p, q) whose im2col entry was in[c][h][w]. Each channel
     * is zeroed, then every (r, s) row of dcol adds its output rows, in that order, so each input
     * element sums its terms in a fixed order; with stride 1 each output row adds as one contiguous run.
     * <pre>
     * dcol: like col    inGrad (one image, one group), at inOff: [channels][height][width]
     * parallel: channels (a channel's plane is written by its own iteration only)
     * </pre>
     */
    public static void col2im(float[] dcol, float[] inGrad, int inOff, int channels, int height, int width,
                              int kernelSize, int stride, int pad, int outHeight, int outWidth,
                              int first, int count) {
        int plane = outHeight * outWidth;
        for (@Parallel int t = 0; t < count; t++) {
            int c = first + t;
            int inPlane = inOff + c * height * width;
            for (int i = 0; i < height * width; i++) {
                inGrad[inPlane + i] = 0f;
            }
            for (int r = 0; r < kernelSize; r++) {
                for (int s = 0; s < kernelSize; s++) {
                    int row = (c * kernelSize + r) * kernelSize + s;
                    int qFirst = firstInside(s, stride, pad, outWidth);
                    int qEnd = endInside(s, stride, pad, width, outWidth, qFirst);
                    for (int p = 0; p < outHeight; p++) {
                        int h = p * stride + r - pad;
                        if (h >= 0 && h < height) {
                            int from = row * plane + p * outWidth;
                            int to = inPlane + h * width + s - pad;
                            if (stride == 1) {
                                for (int q = qFirst; q < qEnd; q++) {
                                    inGrad[to + q] += dcol[from + q];
                                }
                            } else {
                                for (int q = qFirst; q < qEnd; q++) {
                                    inGrad[to + q * stride] += dcol[from + q];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The first output column q whose input column q * stride + s - pad is not left padding:
     * ceil((pad - s) / stride), clamped to 0 .. outWidth. Public for the JVM's fast path of im2col.
     */
    public static int firstInside(int s, int stride, int pad, int outWidth) {
        return pad > s ? Math.min(outWidth, (pad - s + stride - 1) / stride) : 0;
    }

    /**
     * One past the last output column q whose input column q * stride + s - pad is inside the
     * width, at least qFirst (an empty range when no column is inside).
     */
    public static int endInside(int s, int stride, int pad, int width, int outWidth, int qFirst) {
        int last = width - 1 + pad - s;
        return last < 0 ? qFirst : Math.max(qFirst, Math.min(outWidth, last / stride + 1));
    }
}

package alexnet.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Direct 2-D convolution with stride, zero padding and groups (AlexNet's two-GPU split: conv2, conv4,
 * conv5 use groups = 2, each output channel reads only the input channels of its own group).
 *
 * <pre>
 * in:      [batch][channels][height][width]
 * weights: [filters][channels / groups][kernelSize][kernelSize]
 * bias:    [filters]
 * out:     [batch][filters][outHeight][outWidth],  outHeight = (height + 2 pad - kernelSize) / stride + 1
 * </pre>
 *
 * Every kernel walks one output (or input) plane per parallel iteration and sweeps it once per
 * (channel, kernel row, kernel column) with a scalar weight, so the innermost loop is
 * {@code out[x] += w * in[x * stride + shift]}: contiguous for stride 1, where C2 vectorises it.
 * The columns x whose input falls in the padding are skipped by clipping the loop range, never by a
 * test inside it.
 */
public final class Convolution {

    private Convolution() {
    }

    /** Output height or width: {@code (size + 2 pad - kernelSize) / stride + 1}. */
    public static int outputSize(int size, int kernelSize, int stride, int pad) {
        return (size + 2 * pad - kernelSize) / stride + 1;
    }

    /**
     * out = conv(in, weights) + bias.
     * <pre>
     * parallel: batch * filters output planes (n = i / filters, f = i % filters)
     * </pre>
     */
    public static void forward(float[] in, float[] weights, float[] bias, float[] out,
                               int batch, int channels, int height, int width,
                               int filters, int kernelSize, int stride, int pad, int groups,
                               int outHeight, int outWidth, int first, int count) {
        int groupChannels = channels / groups;
        int groupFilters = filters / groups;
        int outPlane = outHeight * outWidth;
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            int n = i / filters;
            int f = i % filters;
            int outBase = i * outPlane;
            for (int x = 0; x < outPlane; x++) {
                out[outBase + x] = bias[f];
            }
            int firstChannel = (f / groupFilters) * groupChannels;
            for (int cg = 0; cg < groupChannels; cg++) {
                int inPlane = ((n * channels) + firstChannel + cg) * height * width;
                for (int r = 0; r < kernelSize; r++) {
                    int ohFirst = firstValid(r, stride, pad);
                    int ohEnd = endValid(r, stride, pad, height, outHeight);
                    for (int s = 0; s < kernelSize; s++) {
                        float w = weights[((f * groupChannels + cg) * kernelSize + r) * kernelSize + s];
                        int owFirst = firstValid(s, stride, pad);
                        int owEnd = endValid(s, stride, pad, width, outWidth);
                        for (int oh = ohFirst; oh < ohEnd; oh++) {
                            int outRow = outBase + oh * outWidth;
                            int inRow = inPlane + (oh * stride + r - pad) * width + s - pad;
                            for (int ow = owFirst; ow < owEnd; ow++) {
                                out[outRow + ow] += w * in[inRow + ow * stride];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * inGrad = gradient of the loss w.r.t. in, given outGrad (overwrites inGrad).
     * <pre>
     * outGrad: like out    inGrad: like in
     * parallel: batch * channels input planes (n = i / channels, c = i % channels)
     * </pre>
     * Each input plane gathers from the filters of its group in the order f, r, s, oh, ow.
     */
    public static void backwardInput(float[] outGrad, float[] weights, float[] inGrad,
                                     int batch, int channels, int height, int width,
                                     int filters, int kernelSize, int stride, int pad, int groups,
                                     int outHeight, int outWidth, int first, int count) {
        int groupChannels = channels / groups;
        int groupFilters = filters / groups;
        int outPlane = outHeight * outWidth;
        int inPlaneSize = height * width;
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            int n = i / channels;
            int c = i % channels;
            int group = c / groupChannels;
            int cg = c - group * groupChannels;
            int inPlane = i * inPlaneSize;
            for (int x = 0; x < inPlaneSize; x++) {
                inGrad[inPlane + x] = 0f;
            }
            for (int fg = 0; fg < groupFilters; fg++) {
                int f = group * groupFilters + fg;
                int outBase = (n * filters + f) * outPlane;
                for (int r = 0; r < kernelSize; r++) {
                    int ohFirst = firstValid(r, stride, pad);
                    int ohEnd = endValid(r, stride, pad, height, outHeight);
                    for (int s = 0; s < kernelSize; s++) {
                        float w = weights[((f * groupChannels + cg) * kernelSize + r) * kernelSize + s];
                        int owFirst = firstValid(s, stride, pad);
                        int owEnd = endValid(s, stride, pad, width, outWidth);
                        for (int oh = ohFirst; oh < ohEnd; oh++) {
                            int outRow = outBase + oh * outWidth;
                            int inRow = inPlane + (oh * stride + r - pad) * width + s - pad;
                            for (int ow = owFirst; ow < owEnd; ow++) {
                                inGrad[inRow + ow * stride] += w * outGrad[outRow + ow];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * weightGrad and biasGrad, summed over the batch (overwritten, not accumulated).
     * <pre>
     * weightGrad: like weights    biasGrad: like bias
     * parallel: filters (each filter's weights and bias, summed over n, oh, ow in that order)
     * </pre>
     */
    public static void backwardWeights(float[] in, float[] outGrad, float[] weightGrad, float[] biasGrad,
                                       int batch, int channels, int height, int width,
                                       int filters, int kernelSize, int stride, int pad, int groups,
                                       int outHeight, int outWidth, int first, int count) {
        int groupChannels = channels / groups;
        int groupFilters = filters / groups;
        int outPlane = outHeight * outWidth;
        for (@Parallel int t = 0; t < count; t++) {
            int f = first + t;
            int firstChannel = (f / groupFilters) * groupChannels;
            float biasSum = 0f;
            for (int n = 0; n < batch; n++) {
                int outBase = (n * filters + f) * outPlane;
                for (int x = 0; x < outPlane; x++) {
                    biasSum += outGrad[outBase + x];
                }
            }
            biasGrad[f] = biasSum;
            for (int cg = 0; cg < groupChannels; cg++) {
                for (int r = 0; r < kernelSize; r++) {
                    int ohFirst = firstValid(r, stride, pad);
                    int ohEnd = endValid(r, stride, pad, height, outHeight);
                    for (int s = 0; s < kernelSize; s++) {
                        int owFirst = firstValid(s, stride, pad);
                        int owEnd = endValid(s, stride, pad, width, outWidth);
                        float sum = 0f;
                        for (int n = 0; n < batch; n++) {
                            int outBase = (n * filters + f) * outPlane;
                            int inPlane = ((n * channels) + firstChannel + cg) * height * width;
                            for (int oh = ohFirst; oh < ohEnd; oh++) {
                                int outRow = outBase + oh * outWidth;
                                int inRow = inPlane + (oh * stride + r - pad) * width + s - pad;
                                for (int ow = owFirst; ow < owEnd; ow++) {
                                    sum += outGrad[outRow + ow] * in[inRow + ow * stride];
                                }
                            }
                        }
                        weightGrad[((f * groupChannels + cg) * kernelSize + r) * kernelSize + s] = sum;
                    }
                }
            }
        }
    }

    /** First output index o whose input index o * stride + offset - pad is >= 0. */
    private static int firstValid(int offset, int stride, int pad) {
        int shortfall = pad - offset;
        return shortfall <= 0 ? 0 : (shortfall + stride - 1) / stride;
    }

    /** One past the last output index o (< outSize) whose input index o * stride + offset - pad is < size. */
    private static int endValid(int offset, int stride, int pad, int size, int outSize) {
        int room = size - 1 + pad - offset;
        return room < 0 ? 0 : Math.min(outSize, room / stride + 1);
    }
}

package alexnet.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * The paper's preprocessing of one image: rescale so that the shorter side is {@code size}, then keep the
 * central {@code size x size} square. Returns 8-bit CHW pixels (all R, then all G, then all B).
 *
 * <p>The filter is Lanczos-3, widened by the shrink factor when shrinking so that every source pixel
 * contributes (the same "antialiased" resampling as PIL's LANCZOS): plain bilinear sampling would alias
 * the fine textures ImageNet photos are full of. Only the pixels of the central square are computed.
 */
public final class SquareRescaler {
    private static final int LOBES = 3;

    private SquareRescaler() {
    }

    public static byte[] rescaleAndCentreCrop(BufferedImage image, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        BufferedImage rgb = ImageDecoder.toRgb(image);
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] argb = pixels(rgb);
        double scale = Math.min(w, h) / (double) size; // source pixels per output pixel, on both axes
        Taps cols = Taps.of(w, size, scale, (w - size * scale) / 2);
        Taps rows = Taps.of(h, size, scale, (h - size * scale) / 2);

        // Unpack only the source rows that the vertical pass reads into one float plane per channel.
        int rowLo = rows.first[0];
        int rowHi = rows.first[size - 1] + rows.weights[size - 1].length;
        int band = rowHi - rowLo;
        float[][] source = new float[3][band * w];
        for (int y = rowLo; y < rowHi; y++) {
            for (int x = 0; x < w; x++) {
                int p = argb[y * w + x];
                int o = (y - rowLo) * w + x;
                source[0][o] = (p >> 16) & 0xff;
                source[1][o] = (p >> 8) & 0xff;
                source[2][o] = p & 0xff;
            }
        }
        byte[] chw = new byte[3 * size * size];
        float[] horizontal = new float[band * size];
        float[] column = new float[size];
        for (int c = 0; c < 3; c++) {
            float[] plane = source[c];
            for (int y = 0; y < band; y++) {
                for (int x = 0; x < size; x++) {
                    float[] wt = cols.weights[x];
                    int s = y * w + cols.first[x];
                    float v = 0;
                    for (int k = 0; k < wt.length; k++) {
                        v += wt[k] * plane[s + k];
                    }
                    horizontal[y * size + x] = v;
                }
            }
            // Vertical pass row by row: contiguous inner loops the JIT can vectorise.
            for (int y = 0; y < size; y++) {
                java.util.Arrays.fill(column, 0f);
                float[] wt = rows.weights[y];
                for (int k = 0; k < wt.length; k++) {
                    float weight = wt[k];
                    int from = (rows.first[y] - rowLo + k) * size;
                    for (int x = 0; x < size; x++) {
                        column[x] += weight * horizontal[from + x];
                    }
                }
                int out = (c * size + y) * size;
                for (int x = 0; x < size; x++) {
                    chw[out + x] = (byte) Math.max(0, Math.min(255, Math.round(column[x])));
                }
            }
        }
        return chw;
    }

    private static int[] pixels(BufferedImage rgb) {
        if (rgb.getRaster().getDataBuffer() instanceof DataBufferInt buffer
                && rgb.getRaster().getParent() == null
                && buffer.getData().length == rgb.getWidth() * rgb.getHeight()) {
            return buffer.getData();
        }
        return rgb.getRGB(0, 0, rgb.getWidth(), rgb.getHeight(), null, 0, rgb.getWidth());
    }

    /** For each output pixel of one axis: the first source pixel it reads and the normalised filter weights. */
    private static final class Taps {
        final int[] first;
        final float[][] weights;

        private Taps(int[] first, float[][] weights) {
            this.first = first;
            this.weights = weights;
        }

        static Taps of(int sourceLength, int outputLength, double scale, double windowStart) {
            double stretch = Math.max(1.0, scale);
            double support = LOBES * stretch;
            int[] first = new int[outputLength];
            float[][] weights = new float[outputLength][];
            for (int i = 0; i < outputLength; i++) {
                double centre = windowStart + (i + 0.5) * scale; // pixel j covers [j, j+1)
                int lo = Math.max(0, (int) Math.floor(centre - support));
                int hi = Math.min(sourceLength - 1, (int) Math.ceil(centre + support));
                double[] w = new double[hi - lo + 1];
                double sum = 0;
                for (int j = lo; j <= hi; j++) {
                    w[j - lo] = lanczos((j + 0.5 - centre) / stretch);
                    sum += w[j - lo];
                }
                float[] normalised = new float[w.length];
                for (int k = 0; k < w.length; k++) {
                    normalised[k] = (float) (w[k] / sum); // renormalising also handles the image border
                }
                first[i] = lo;
                weights[i] = normalised;
            }
            return new Taps(first, weights);
        }

        private static double lanczos(double x) {
            if (x == 0) {
                return 1;
            }
            if (Math.abs(x) >= LOBES) {
                return 0;
            }
            double px = Math.PI * x;
            return LOBES * Math.sin(px) * Math.sin(px / LOBES) / (px * px);
        }
    }
}

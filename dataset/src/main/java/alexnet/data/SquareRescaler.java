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

        // Horizontal pass over only the source rows that the vertical pass reads.
        int rowLo = rows.first[0];
        int rowHi = rows.first[size - 1] + rows.weights[size - 1].length;
        int band = rowHi - rowLo;
        float[] horizontal = new float[3 * band * size];
        for (int y = rowLo; y < rowHi; y++) {
            int base = y * w;
            for (int x = 0; x < size; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                float[] wt = cols.weights[x];
                int s = base + cols.first[x];
                for (int k = 0; k < wt.length; k++) {
                    int p = argb[s + k];
                    r += wt[k] * ((p >> 16) & 0xff);
                    g += wt[k] * ((p >> 8) & 0xff);
                    b += wt[k] * (p & 0xff);
                }
                int o = (y - rowLo) * size + x;
                horizontal[o] = r;
                horizontal[band * size + o] = g;
                horizontal[2 * band * size + o] = b;
            }
        }
        byte[] chw = new byte[3 * size * size];
        for (int c = 0; c < 3; c++) {
            int plane = c * band * size;
            for (int y = 0; y < size; y++) {
                float[] wt = rows.weights[y];
                int start = plane + (rows.first[y] - rowLo) * size;
                for (int x = 0; x < size; x++) {
                    float v = 0;
                    for (int k = 0; k < wt.length; k++) {
                        v += wt[k] * horizontal[start + k * size + x];
                    }
                    chw[(c * size + y) * size + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
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

package alexnet.figures;

import alexnet.net.Net;
import alexnet.net.spec.LayerSpec;

/**
 * The first convolution's kernels as colour patches (Figure 3), and how colourful each is.
 *
 * <p>In the one-device layout of the parameters (a two-device run's checkpoint gathered by
 * {@code TrainedModel}) device 0 held kernels 0..K/2-1 and device 1 the rest: the "halves" here. In a
 * run trained on one device the halves are simply the first and second half of conv1's kernels: conv1
 * reads the whole image either way, so nothing ties a half to a device and no specialisation is expected.
 */
public final class FirstLayerKernels {

    private final String layer;
    private final int count;
    private final int size;
    private final float[] weights;

    FirstLayerKernels(String layer, int count, int size, float[] weights) {
        this.layer = layer;
        this.count = count;
        this.size = size;
        this.weights = weights;
    }

    /** The kernels of {@code net}'s first layer, which must be a square convolution of an RGB image. */
    public static FirstLayerKernels of(Net net) {
        if (!(net.spec().layers().get(0) instanceof LayerSpec.Conv conv) || net.spec().input().channels() != 3) {
            throw new IllegalArgumentException(net.spec().name() + ": the first layer is not a convolution of an RGB "
                    + "image; there are no colour kernels to draw");
        }
        return new FirstLayerKernels(conv.name(), conv.kernels(), conv.size(),
                net.layers().get(0).params().get(0).value().clone());
    }

    public String layer() {
        return layer;
    }

    public int count() {
        return count;
    }

    /** Side of a kernel, in pixels. */
    public int size() {
        return size;
    }

    /** Kernels of the first half ("device 0"); the second half holds the rest. */
    public int firstHalf() {
        return count / 2;
    }

    /** Weight of kernel {@code k} at channel {@code c} (R, G, B), row {@code y}, column {@code x}. */
    public float weight(int k, int c, int y, int x) {
        return weights[((k * 3 + c) * size + y) * size + x];
    }

    /**
     * Kernel {@code k} for display: each weight mapped linearly so that the kernel's smallest becomes 0
     * and its largest 255, the same map for all three channels (so hue survives); a constant kernel
     * is mid-grey. Packed RGB per pixel, row-major.
     */
    public int[] displayPixels(int k) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = k * 3 * size * size; i < (k + 1) * 3 * size * size; i++) {
            min = Math.min(min, weights[i]);
            max = Math.max(max, weights[i]);
        }
        int[] rgb = new int[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int pixel = 0;
                for (int c = 0; c < 3; c++) {
                    int level = max > min ? Math.round(255 * (weight(k, c, y, x) - min) / (max - min)) : 128;
                    pixel = pixel << 8 | level;
                }
                rgb[y * size + x] = pixel;
            }
        }
        return rgb;
    }

    /**
     * The share of kernel {@code k}'s variation that is colour: its weights about their mean split
     * into a grey part (at each pixel the mean of R, G, B) and the rest, the deviation from grey; this
     * is the rest's sum of squares over the total. 0 for a kernel that sees only brightness, 1 for
     * one that sees only hue. Kernels of independent random weights give about 2/3 (exactly 2P / (3P - 1)
     * on average for P pixels: of the 3P - 1 directions about the mean, 2P are off the grey axis); a net
     * trained on grey images keeps its initial colour part (shrunk only by weight decay), as R, G and B
     * get equal gradients.
     */
    public double chromaFraction(int k) {
        int plane = size * size;
        double[] grey = new double[plane];
        double mean = 0;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                grey[p] += weights[(k * 3 + c) * plane + p] / 3.0;
            }
            mean += grey[p] / plane;
        }
        double colour = 0;
        double brightness = 0;
        for (int p = 0; p < plane; p++) {
            brightness += 3 * (grey[p] - mean) * (grey[p] - mean);
            for (int c = 0; c < 3; c++) {
                double off = weights[(k * 3 + c) * plane + p] - grey[p];
                colour += off * off;
            }
        }
        return colour + brightness == 0 ? 0 : colour / (colour + brightness);
    }

    /** Mean {@link #chromaFraction} of kernels {@code from} (inclusive) to {@code to} (exclusive). */
    public double meanChromaFraction(int from, int to) {
        double sum = 0;
        for (int k = from; k < to; k++) {
            sum += chromaFraction(k);
        }
        return sum / (to - from);
    }
}

package alexnet.figures;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * Figure 3: the first layer's kernels as a grid of colour patches, the first half (device 0) above
 * the second (device 1), each half in three rows as in the paper, each half titled with its mean
 * chroma fraction ({@link FirstLayerKernels#chromaFraction}).
 */
public final class FiltersFigure {

    static final int MARGIN = 10;
    static final int GAP = 3;
    /** Between the two halves, beyond the usual gap: the paper's figure separates the GPUs too. */
    static final int HALF_GAP = 12;
    static final int MIN_WIDTH = 360;
    private static final int ROWS = 3;

    private final FirstLayerKernels kernels;
    private final int scale;
    private final int columns;
    private final int rows;

    /** {@code scale}: screen pixels per weight; 0 chooses about 40 pixels per kernel. */
    public FiltersFigure(FirstLayerKernels kernels, int scale) {
        if (kernels.count() < 2) {
            throw new IllegalArgumentException(kernels.layer() + " has " + kernels.count() + " kernel: no halves to compare");
        }
        this.kernels = kernels;
        this.scale = scale > 0 ? scale : Math.max(1, Math.round(40f / kernels.size()));
        int larger = kernels.count() - kernels.firstHalf();
        this.rows = Math.min(ROWS, larger);
        this.columns = (larger + rows - 1) / rows;
    }

    int cell() {
        return kernels.size() * scale;
    }

    public int width() {
        return Math.max(MIN_WIDTH, 2 * MARGIN + columns * (cell() + GAP) - GAP);
    }

    public int height() {
        return 2 * MARGIN + 2 * halfHeight() + HALF_GAP;
    }

    private int halfHeight() {
        return Drawing.LINE + rows * (cell() + GAP) - GAP;
    }

    /** Left edge of kernel {@code k}'s patch. */
    int x(int k) {
        int inHalf = k < kernels.firstHalf() ? k : k - kernels.firstHalf();
        return MARGIN + inHalf % columns * (cell() + GAP);
    }

    /** Top edge of kernel {@code k}'s patch. */
    int y(int k) {
        boolean second = k >= kernels.firstHalf();
        int inHalf = second ? k - kernels.firstHalf() : k;
        int top = MARGIN + (second ? halfHeight() + HALF_GAP : 0) + Drawing.LINE;
        return top + inHalf / columns * (cell() + GAP);
    }

    /** What the title of a half says: which kernels, and how colourful they are on average. */
    String title(boolean second) {
        int from = second ? kernels.firstHalf() : 0;
        int to = second ? kernels.count() : kernels.firstHalf();
        return String.format(Locale.ROOT, "%s kernels %d-%d (device %d): mean chroma %.3f",
                kernels.layer(), from, to - 1, second ? 1 : 0, kernels.meanChromaFraction(from, to));
    }

    public BufferedImage draw() {
        BufferedImage page = Drawing.page(width(), height());
        Graphics2D g = Drawing.graphics(page);
        for (boolean second : new boolean[] {false, true}) {
            int top = MARGIN + (second ? halfHeight() + HALF_GAP : 0);
            g.drawString(title(second), MARGIN, top + Drawing.LINE - 4);
        }
        g.dispose();
        int size = kernels.size();
        for (int k = 0; k < kernels.count(); k++) {
            int[] pixels = kernels.displayPixels(k);
            for (int y = 0; y < size * scale; y++) {
                for (int x = 0; x < size * scale; x++) {
                    page.setRGB(x(k) + x, y(k) + y, pixels[y / scale * size + x / scale]);
                }
            }
        }
        return page;
    }
}

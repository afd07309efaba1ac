package alexnet.figures;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** The Java2D the image figures share: a white page, readable text, stored images drawn large. */
final class Drawing {

    static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font BOLD = TEXT.deriveFont(Font.BOLD);
    /** Height of one line of {@link #TEXT}, in pixels. */
    static final int LINE = 16;

    private Drawing() {
    }

    static BufferedImage page(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static Graphics2D graphics(BufferedImage page) {
        Graphics2D g = page.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(TEXT);
        return g;
    }

    /** A packed image (uint8 CHW, {@code size} x {@code size}) as an RGB image. */
    static BufferedImage fromChw(byte[] chw, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int plane = size * size;
        for (int p = 0; p < plane; p++) {
            image.setRGB(p % size, p / size,
                    (chw[p] & 0xff) << 16 | (chw[plane + p] & 0xff) << 8 | chw[2 * plane + p] & 0xff);
        }
        return image;
    }

    /** Draws {@code image} as a {@code side} x {@code side} square at (x, y), smoothly scaled. */
    static void drawSquare(Graphics2D g, BufferedImage image, int x, int y, int side) {
        Object before = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, x, y, side, side, null);
        if (before != null) {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, before);
        }
    }

    /** {@code text} at baseline (x, y), cut with an ellipsis to fit {@code width} pixels. */
    static void fitted(Graphics2D g, String text, int x, int y, int width) {
        FontMetrics metrics = g.getFontMetrics();
        String shown = text;
        while (shown.length() > 1 && metrics.stringWidth(shown) > width) {
            shown = shown.substring(0, shown.length() - 2) + "…";
        }
        g.drawString(shown, x, y);
    }
}

package alexnet.data;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Paints one image of a {@link SyntheticImageNet} class in plain arithmetic (no Java2D), so the pixels
 * are identical on every JVM: a noisy two-colour gradient background and a foreground of another colour
 * whose coverage per pixel comes from the class's shape (a signed distance, one pixel of antialiasing)
 * or texture.
 */
final class SyntheticPainter {
    private SyntheticPainter() {
    }

    static BufferedImage paint(int label, int w, int h, SplittableRandom random) {
        int[] bgA = randomColour(random);
        int[] bgB = randomColour(random);
        int[] fg = contrastingColour(random, bgA, bgB);
        double gradientAngle = random.nextDouble() * 2 * Math.PI;
        double gx = Math.cos(gradientAngle) / w;
        double gy = Math.sin(gradientAngle) / h;
        double blotchFx = (1 + random.nextDouble() * 2) * 2 * Math.PI / w;
        double blotchFy = (1 + random.nextDouble() * 2) * 2 * Math.PI / h;
        double blotchPhase = random.nextDouble() * 2 * Math.PI;
        double noise = 2 + random.nextDouble() * 8;
        Coverage coverage = coverage(label, w, h, random);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = Math.min(1, Math.max(0, 0.5 + (x - w / 2.0) * gx + (y - h / 2.0) * gy));
                double blotch = 12 * Math.sin(x * blotchFx + blotchPhase) * Math.sin(y * blotchFy);
                double a = coverage.at(x + 0.5, y + 0.5);
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double bg = bgA[c] * (1 - t) + bgB[c] * t + blotch;
                    double v = bg * (1 - a) + fg[c] * a + noise * random.nextGaussian();
                    rgb = (rgb << 8) | (int) Math.max(0, Math.min(255, Math.round(v)));
                }
                row[x] = rgb;
            }
            image.setRGB(0, y, w, 1, row, 0, w);
        }
        return image;
    }

    /** Foreground coverage in [0, 1] at a pixel centre. */
    private interface Coverage {
        double at(double x, double y);
    }

    private static Coverage coverage(int label, int w, int h, SplittableRandom random) {
        int m = Math.min(w, h);
        return label % 2 == 0 ? shape(label / 2, w, h, m, random) : texture(label / 2, w, h, m, random);
    }

    private static Coverage shape(int kind, int w, int h, int m, SplittableRandom random) {
        double r = m * (0.18 + 0.17 * random.nextDouble());
        double cx = w * (0.3 + 0.4 * random.nextDouble());
        double cy = h * (0.3 + 0.4 * random.nextDouble());
        double angle = random.nextDouble() * 2 * Math.PI;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        Distance d = switch (kind) {
            case 0 -> (u, v) -> Math.hypot(u, v) - r;                                      // disk
            case 1 -> (u, v) -> Math.max(Math.abs(u), Math.abs(v)) - 0.8 * r;              // square
            case 2 -> (u, v) -> triangle(u, v, r);                                         // triangle
            case 3 -> (u, v) -> Math.abs(Math.hypot(u, v) - 0.75 * r) - 0.22 * r;          // ring
            default -> (u, v) -> Math.min(                                                  // cross
                    Math.max(Math.abs(u) - r, Math.abs(v) - 0.28 * r),
                    Math.max(Math.abs(u) - 0.28 * r, Math.abs(v) - r));
        };
        return (x, y) -> {
            double u = (x - cx) * cos + (y - cy) * sin;
            double v = -(x - cx) * sin + (y - cy) * cos;
            return clamp(0.5 - d.at(u, v));
        };
    }

    private interface Distance {
        double at(double u, double v);
    }

    /** Signed distance to an equilateral triangle of half side {@code r} (after I. Quilez). */
    private static double triangle(double u, double v, double r) {
        double k = Math.sqrt(3);
        double px = Math.abs(u) - r;
        double py = v + r / k;
        if (px + k * py > 0) {
            double nx = (px - k * py) / 2;
            double ny = (-k * px - py) / 2;
            px = nx;
            py = ny;
        }
        px -= Math.max(-2 * r, Math.min(0, px));
        return -Math.hypot(px, py) * Math.signum(py);
    }

    private static Coverage texture(int kind, int w, int h, int m, SplittableRandom random) {
        double period = m * (0.1 + 0.1 * random.nextDouble());
        double f = 2 * Math.PI / period;
        double phaseA = random.nextDouble() * 2 * Math.PI;
        double phaseB = random.nextDouble() * 2 * Math.PI;
        double diagonal = random.nextBoolean() ? 1 : -1; // both diagonals: a mirrored crop stays in the class
        // The texture fills a random rectangle of at least 55% of each side.
        double rw = w * (0.55 + 0.45 * random.nextDouble());
        double rh = h * (0.55 + 0.45 * random.nextDouble());
        double x0 = (w - rw) * random.nextDouble();
        double y0 = (h - rh) * random.nextDouble();
        Coverage pattern = switch (kind) {
            case 0 -> (x, y) -> clamp(0.5 + 1.5 * Math.sin(f * y + phaseA));                        // horizontal
            case 1 -> (x, y) -> clamp(0.5 + 3 * Math.sin(f * x + phaseA) * Math.sin(f * y + phaseB)); // checkerboard
            case 2 -> (x, y) -> clamp(0.5 + 1.5 * Math.sin(f * x + phaseA));                        // vertical
            case 3 -> (x, y) -> {                                                                    // polka dots
                double u = frac(x / period + phaseA) - 0.5;
                double v = frac(y / period + phaseB) - 0.5;
                return clamp(0.5 - (Math.hypot(u, v) - 0.28) * period);
            };
            default -> (x, y) -> clamp(0.5 + 1.5 * Math.sin(f * (x + diagonal * y) / Math.sqrt(2) + phaseA));
        };
        return (x, y) -> x >= x0 && x < x0 + rw && y >= y0 && y < y0 + rh ? pattern.at(x, y) : 0;
    }

    private static int[] randomColour(SplittableRandom random) {
        return new int[] {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
    }

    /** A colour whose brightness differs clearly from the background's, so every shape is visible. */
    private static int[] contrastingColour(SplittableRandom random, int[] a, int[] b) {
        double background = (luma(a) + luma(b)) / 2;
        while (true) {
            int[] c = randomColour(random);
            if (Math.abs(luma(c) - background) > 60) {
                return c;
            }
        }
    }

    private static double luma(int[] c) {
        return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
    }

    private static double frac(double v) {
        return v - Math.floor(v);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}

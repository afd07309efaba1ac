package alexnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class SquareRescalerTest {
    private static int at(byte[] chw, int size, int c, int y, int x) {
        return chw[(c * size + y) * size + x] & 0xff;
    }

    @Test
    void squareImageAtTargetSizeIsCopiedExactly() {
        BufferedImage image = TestImages.random(24, 24, 7);
        byte[] chw = SquareRescaler.rescaleAndCentreCrop(image, 24);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 24; x++) {
                int rgb = image.getRGB(x, y);
                assertEquals(TestImages.red(rgb), at(chw, 24, 0, y, x));
                assertEquals(TestImages.green(rgb), at(chw, 24, 1, y, x));
                assertEquals(TestImages.blue(rgb), at(chw, 24, 2, y, x));
            }
        }
    }

    @Test
    void keepsTheCentralSquareOfAWideImage() {
        // 200x100: red left quarter, green middle half, blue right quarter -> the central 100x100 is green.
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                image.setRGB(x, y, x < 50 ? 0xff0000 : x < 150 ? 0x00ff00 : 0x0000ff);
            }
        }
        byte[] chw = SquareRescaler.rescaleAndCentreCrop(image, 40);
        // Shrinking by 2.5 widens the 3-lobe filter to 3 output pixels: only those next to the crop's
        // edges may see the neighbouring colours, exactly as when rescaling the whole image first.
        for (int y = 0; y < 40; y++) {
            for (int x = 3; x < 37; x++) {
                assertEquals(0, at(chw, 40, 0, y, x), "no red at " + x + "," + y);
                assertEquals(255, at(chw, 40, 1, y, x));
                assertEquals(0, at(chw, 40, 2, y, x), "no blue at " + x + "," + y);
            }
        }
    }

    @Test
    void keepsTheCentralSquareOfATallImage() {
        BufferedImage image = new BufferedImage(30, 90, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 90; y++) {
            for (int x = 0; x < 30; x++) {
                image.setRGB(x, y, y < 30 ? 0xffffff : y < 60 ? 0x808080 : 0x000000);
            }
        }
        byte[] chw = SquareRescaler.rescaleAndCentreCrop(image, 64); // also enlarges
        assertTrue(at(chw, 64, 0, 0, 10) > 128 && at(chw, 64, 0, 63, 10) < 128, "edges blend with the cut-off parts");
        for (int c = 0; c < 3; c++) {
            for (int y = 7; y < 57; y++) { // the filter reaches 3 source = 6.4 output pixels across the edges
                assertEquals(128, at(chw, 64, c, y, 10), "row " + y);
            }
        }
    }

    @Test
    void shrinkingAveragesInsteadOfAliasing() {
        // A one-pixel checkerboard shrunk 4x must become flat grey; point sampling would give 0 or 255.
        BufferedImage image = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                image.setRGB(x, y, (x + y) % 2 == 0 ? 0xffffff : 0);
            }
        }
        byte[] chw = SquareRescaler.rescaleAndCentreCrop(image, 32);
        for (byte b : chw) {
            assertTrue(Math.abs((b & 0xff) - 128) <= 3, "grey expected, got " + (b & 0xff));
        }
    }

    @Test
    void uniformImageOfAnySizeStaysUniform() {
        for (int[] wh : new int[][] {{1, 1}, {3, 500}, {333, 257}, {64, 65}}) {
            byte[] chw = SquareRescaler.rescaleAndCentreCrop(TestImages.uniform(wh[0], wh[1], 0x0a141e), 16);
            byte[] expected = new byte[3 * 16 * 16];
            java.util.Arrays.fill(expected, 0, 256, (byte) 10);
            java.util.Arrays.fill(expected, 256, 512, (byte) 20);
            java.util.Arrays.fill(expected, 512, 768, (byte) 30);
            assertArrayEquals(expected, chw, wh[0] + "x" + wh[1]);
        }
    }
}

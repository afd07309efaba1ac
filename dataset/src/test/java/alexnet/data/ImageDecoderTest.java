package alexnet.data;

import static alexnet.data.TestImages.blue;
import static alexnet.data.TestImages.green;
import static alexnet.data.TestImages.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
    @TempDir
    Path dir;

    private static void assertColour(int expected, int actual, int tolerance) {
        assertTrue(Math.abs(red(expected) - red(actual)) <= tolerance
                        && Math.abs(green(expected) - green(actual)) <= tolerance
                        && Math.abs(blue(expected) - blue(actual)) <= tolerance,
                String.format("expected #%06x, got #%06x", expected, actual & 0xffffff));
    }

    @Test
    void decodesBaselineJpegOfOddSize() throws Exception {
        Path file = TestImages.jpeg(dir.resolve("a.JPEG"), TestImages.uniform(37, 91, 0x3c78b4), false);
        BufferedImage image = ImageDecoder.decode(file);
        assertEquals(37, image.getWidth());
        assertEquals(91, image.getHeight());
        assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
        assertColour(0x3c78b4, image.getRGB(18, 45), 4);
    }

    @Test
    void decodesProgressiveJpeg() throws Exception {
        Path file = TestImages.jpeg(dir.resolve("p.JPEG"), TestImages.uniform(64, 48, 0xc83214), true);
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(containsMarker(bytes, 0xC2), "the test file must really be progressive (SOF2)");
        assertColour(0xc83214, ImageDecoder.decode(file).getRGB(30, 20), 4);
    }

    private static boolean containsMarker(byte[] bytes, int marker) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if ((bytes[i] & 0xff) == 0xFF && (bytes[i + 1] & 0xff) == marker) {
                return true;
            }
        }
        return false;
    }

    @Test
    void decodesGrayscaleJpegAsEqualChannels() throws Exception {
        BufferedImage gray = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                gray.getRaster().setSample(x, y, 0, 100);
            }
        }
        BufferedImage image = ImageDecoder.decode(TestImages.jpeg(dir.resolve("g.JPEG"), gray, false));
        int rgb = image.getRGB(20, 15);
        assertEquals(red(rgb), green(rgb));
        assertEquals(green(rgb), blue(rgb));
        assertTrue(Math.abs(red(rgb) - 100) <= 2, "grey levels are kept, not gamma-converted: " + red(rgb));
    }

    @Test
    void decodesCmykJpegToRgb() throws Exception {
        // Adobe CMYK stores 255 - ink: cyan is C=255 -> 0, the other inks 0 -> 255.
        Path cyan = TestImages.adobeJpeg(dir.resolve("cyan.JPEG"), 32, 32, new int[] {0, 255, 255, 255}, 0);
        Path black = TestImages.adobeJpeg(dir.resolve("black.JPEG"), 32, 32, new int[] {255, 255, 255, 0}, 0);
        int c = ImageDecoder.decode(cyan).getRGB(16, 16);
        int k = ImageDecoder.decode(black).getRGB(16, 16);
        assertTrue(red(c) < 80 && green(c) > 120 && blue(c) > 180, String.format("cyan decoded as #%06x", c & 0xffffff));
        assertTrue(red(k) < 80 && green(k) < 80 && blue(k) < 80, String.format("black decoded as #%06x", k & 0xffffff));
    }

    @Test
    void decodesYcckJpegToRgb() throws Exception {
        // YCCK: YCbCr of the CMY inks (C=255, M=Y=0: Y=76, Cb=85, Cr=255), then K stored inverted (0 -> 255).
        Path cyan = TestImages.adobeJpeg(dir.resolve("ycck.JPEG"), 32, 32, new int[] {76, 85, 255, 255}, 2);
        int c = ImageDecoder.decode(cyan).getRGB(16, 16);
        assertTrue(red(c) < 80 && green(c) > 120 && blue(c) > 180, String.format("cyan decoded as #%06x", c & 0xffffff));
    }

    @Test
    void decodesPngNamedJpegByContent() throws Exception {
        Path file = TestImages.png(dir.resolve("really-a-png.JPEG"), TestImages.uniform(20, 10, 0x112233));
        assertEquals(0x112233, ImageDecoder.decode(file).getRGB(5, 5) & 0xffffff);
    }

    @Test
    void compositesTransparentPngOnWhite() throws Exception {
        BufferedImage argb = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB); // all transparent
        Path file = TestImages.png(dir.resolve("alpha.png"), argb);
        assertEquals(0xffffff, ImageDecoder.decode(file).getRGB(3, 3) & 0xffffff);
    }

    @Test
    void rejectsTruncatedJpegNamingTheFile() throws Exception {
        Path file = TestImages.jpeg(dir.resolve("cut.JPEG"), TestImages.random(120, 90, 1), false);
        TestImages.truncate(file, 0.5);
        BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.decode(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.problem().contains("truncated") || e.problem().contains("corrupt"), e.problem());
    }

    @Test
    void rejectsZeroByteFile() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.JPEG"));
        BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.decode(file));
        assertEquals("file is empty (0 bytes)", e.problem());
    }

    @Test
    void rejectsTextFileWithImageName() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.JPEG"), "not a picture", StandardCharsets.UTF_8);
        BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.decode(file));
        assertTrue(e.problem().startsWith("not an image in any supported format"), e.problem());
    }

    @Test
    void rejectsCorruptJpegData() throws Exception {
        byte[] garbage = new byte[4000];
        new java.util.Random(3).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8; // JPEG start-of-image, then noise
        garbage[2] = (byte) 0xFF;
        Path file = Files.write(dir.resolve("noise.JPEG"), garbage);
        BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.decode(file));
        assertEquals(file, e.file());
    }

    @Test
    void rejectsMissingFileAndFolder() {
        Path missing = dir.resolve("nope.JPEG");
        assertEquals("file does not exist", assertThrows(BadImageException.class, () -> ImageDecoder.decode(missing)).problem());
        assertTrue(assertThrows(BadImageException.class, () -> ImageDecoder.decode(dir)).problem().contains("folder"));
    }

    @Test
    void rejectsUnreadableFile() throws Exception {
        Path file = TestImages.jpeg(dir.resolve("secret.JPEG"), TestImages.uniform(8, 8, 0), false);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "running as root: permissions are not enforced");
        BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.decode(file));
        assertTrue(e.problem().contains("permission denied"), e.problem());
    }
}

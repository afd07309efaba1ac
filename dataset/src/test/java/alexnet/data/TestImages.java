package alexnet.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Writes real image files of every kind ImageNet contains, for the tests. */
final class TestImages {
    private TestImages() {
    }

    static BufferedImage uniform(int w, int h, int rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    static BufferedImage random(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return image;
    }

    static Path jpeg(Path file, BufferedImage image, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.95f);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return file;
    }

    /**
     * A 4-channel JPEG with an Adobe APP14 marker, as Photoshop writes CMYK ({@code transform} 0, samples
     * stored inverted) and YCCK ({@code transform} 2) files. The JDK writer stores a raster's samples
     * unconverted; the marker is inserted after SOI because that writer cannot emit it for a raster.
     */
    static Path adobeJpeg(Path file, int w, int h, int[] samples, int transform) throws IOException {
        WritableRaster raster = new BufferedImage(w, h, BufferedImage.TYPE_4BYTE_ABGR).getRaster()
                .createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, samples);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        java.io.ByteArrayOutputStream encoded = new java.io.ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(encoded)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage((Raster) raster, null, null), null);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = encoded.toByteArray();
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
        java.io.ByteArrayOutputStream withMarker = new java.io.ByteArrayOutputStream();
        withMarker.write(jpeg, 0, 2);
        withMarker.write(adobe);
        withMarker.write(jpeg, 2, jpeg.length - 2);
        return Files.write(file, withMarker.toByteArray());
    }

    static Path png(Path file, BufferedImage image) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
        return file;
    }

    /** Keeps only the first {@code fraction} of the file's bytes. */
    static Path truncate(Path file, double fraction) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, (int) (all.length * fraction)));
        return file;
    }

    static int red(int rgb) {
        return (rgb >> 16) & 0xff;
    }

    static int green(int rgb) {
        return (rgb >> 8) & 0xff;
    }

    static int blue(int rgb) {
        return rgb & 0xff;
    }
}

package alexnet.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one image file into an 8-bit sRGB {@link BufferedImage#TYPE_INT_RGB} image.
 *
 * <p>The format is found from the file's content, never its name: ImageNet holds PNG and CMYK files
 * named {@code .JPEG}. JPEG goes through TwelveMonkeys (baseline, progressive, grayscale, CMYK, YCCK,
 * Adobe/ICC profiles); PNG, GIF and BMP through the JDK. A file that is empty, unreadable, of an unknown
 * format, truncated or corrupt gives a {@link BadImageException} naming the file and the problem.
 */
public final class ImageDecoder {
    /** Larger images are refused before decoding: no photo needs it, and decoding it could exhaust memory. */
    static final long MAX_PIXELS = 200_000_000L;

    static {
        ImageIO.setUseCache(false); // decode in memory; no temporary files per image
        ImageIO.scanForPlugins();   // picks up TwelveMonkeys even when the classpath was set up late
    }

    private ImageDecoder() {
    }

    public static BufferedImage decode(Path file) throws BadImageException {
        checkReadable(file);
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadImageException(file, "not an image in any supported format (file starts with "
                        + firstBytes(file) + ")");
            }
            ImageReader reader = readers.next();
            String format = reader.getFormatName().toUpperCase(Locale.ROOT);
            List<String> warnings = new ArrayList<>();
            IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
            reader.addIIOReadWarningListener(listener);
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > MAX_PIXELS) {
                    throw new BadImageException(file, format + " image of " + reader.getWidth(0) + "x"
                            + reader.getHeight(0) + " pixels is empty or too large to decode");
                }
                BufferedImage image = reader.read(0);
                for (String warning : warnings) {
                    if (meansTruncated(warning)) {
                        throw new BadImageException(file, "truncated " + format + " data (" + warning + ")");
                    }
                }
                return toRgb(image);
            } catch (BadImageException e) {
                throw e;
            } catch (IIOException e) {
                throw new BadImageException(file, "corrupt " + format + " data (" + describe(e) + ")", e);
            } catch (IOException | RuntimeException e) {
                // Decoders throw unchecked exceptions (array bounds, illegal state) on some corrupt files.
                throw new BadImageException(file, "cannot decode " + format + " data (" + describe(e) + ")", e);
            } finally {
                reader.dispose();
            }
        } catch (BadImageException e) {
            throw e;
        } catch (IOException e) {
            throw new BadImageException(file, "cannot read (" + describe(e) + ")", e);
        }
    }

    private static void checkReadable(Path file) throws BadImageException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new BadImageException(file, "file does not exist");
        } catch (AccessDeniedException e) {
            throw new BadImageException(file, "cannot read (permission denied)");
        } catch (IOException e) {
            throw new BadImageException(file, "cannot read (" + describe(e) + ")", e);
        }
        if (Files.isDirectory(file)) {
            throw new BadImageException(file, "is a folder, not an image file");
        }
        if (size == 0) {
            throw new BadImageException(file, "file is empty (0 bytes)");
        }
        if (!Files.isReadable(file)) {
            throw new BadImageException(file, "cannot read (permission denied)");
        }
    }

    /** libjpeg reports a cut-off file as a warning and fills the rest grey; such a picture is not usable. */
    private static boolean meansTruncated(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("premature end") || w.contains("truncat") || w.contains("end of file")
                || w.contains("eof");
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String firstBytes(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(8);
            StringBuilder hex = new StringBuilder();
            for (byte b : head) {
                hex.append(String.format("%02x ", b & 0xff));
            }
            return "bytes " + hex.toString().trim();
        } catch (IOException e) {
            return "unreadable bytes";
        }
    }

    /** Converts any decoded image (grey, CMYK, indexed, 16-bit, with alpha) to 8-bit sRGB. */
    static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Raster raster = image.getRaster();
        ColorSpace space = image.getColorModel().getColorSpace();
        if (raster.getNumBands() == 1 && space.getType() == ColorSpace.TYPE_GRAY) {
            // Copy grey levels as they are: a colour-space conversion would treat them as linear light.
            int max = (1 << image.getColorModel().getComponentSize(0)) - 1;
            int[] row = new int[w];
            int[] out = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int g = max == 255 ? row[x] : Math.round(row[x] * 255f / max);
                    out[x] = (g << 16) | (g << 8) | g;
                }
                rgb.setRGB(0, y, w, 1, out, 0, w);
            }
        } else if (image.getColorModel().hasAlpha() || space.isCS_sRGB()) {
            // Transparent pixels become white, as a browser shows them on a page.
            Graphics2D g = rgb.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.drawImage(image, 0, 0, null);
            g.dispose();
        } else {
            new ColorConvertOp(null).filter(image, rgb); // CMYK, YCCK, ICC profiles
        }
        return rgb;
    }
}

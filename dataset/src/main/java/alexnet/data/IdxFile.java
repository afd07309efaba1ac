package alexnet.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One file of unsigned bytes in the IDX format of MNIST and Fashion-MNIST, gzipped or not (told by
 * content, not name): images ({@code 0x00000803}: count x rows x cols) or labels ({@code 0x00000801}:
 * count). The header is four bytes (0, 0, type 0x08 = unsigned byte, number of dimensions), then each
 * dimension as a big-endian int, then the bytes, row-major.
 *
 * <p>A file that is not of the expected kind, is truncated or has bytes after those its header
 * announces is refused with a {@link DatasetException} naming the file: a wrong file given for the
 * right option must stop the import, not produce a data set of garbage.
 */
public final class IdxFile {
    private static final int UNSIGNED_BYTE = 0x08;

    private final Path file;
    private final int[] dimensions;
    private final byte[] data;

    private IdxFile(Path file, int[] dimensions, byte[] data) {
        this.file = file;
        this.dimensions = dimensions;
        this.data = data;
    }

    /** Reads an image file: count x rows x cols unsigned bytes. */
    public static IdxFile images(Path file) {
        return read(file, 3, "images");
    }

    /** Reads a label file: count unsigned bytes. */
    public static IdxFile labels(Path file) {
        return read(file, 1, "labels");
    }

    public Path file() {
        return file;
    }

    /** Images or labels in the file. */
    public int count() {
        return dimensions[0];
    }

    public int rows() {
        return dimensions[1];
    }

    public int cols() {
        return dimensions[2];
    }

    /** Label {@code i}, 0..255. */
    public int label(int i) {
        return data[i] & 0xff;
    }

    /** Image {@code i}'s grey values, row-major, 0..255 as unsigned bytes; a copy. */
    public byte[] image(int i) {
        int length = rows() * cols();
        return Arrays.copyOfRange(data, i * length, (i + 1) * length);
    }

    private static IdxFile read(Path file, int wantedDimensions, String kind) {
        String expected = String.format(Locale.ROOT, "0x%08x", UNSIGNED_BYTE << 8 | wantedDimensions);
        try (DataInputStream in = new DataInputStream(open(file))) {
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw new DatasetException(file + ": not an IDX " + kind + " file (shorter than its 4-byte magic number)");
            }
            if (magic != (UNSIGNED_BYTE << 8 | wantedDimensions)) {
                throw new DatasetException(String.format(Locale.ROOT, "%s: not an IDX %s file (magic number 0x%08x, "
                        + "expected %s)", file, kind, magic, expected));
            }
            int[] dimensions = new int[wantedDimensions];
            long length = 1;
            for (int d = 0; d < wantedDimensions; d++) {
                dimensions[d] = in.readInt();
                if (dimensions[d] < 0 || d > 0 && dimensions[d] == 0) {
                    throw new DatasetException(file + ": dimension " + d + " of its header is " + dimensions[d]);
                }
                length *= dimensions[d];
            }
            if (length > Integer.MAX_VALUE - 8) {
                throw new DatasetException(file + ": its header announces " + length + " bytes, more than one import "
                        + "holds in memory");
            }
            byte[] data = in.readNBytes((int) length);
            if (data.length < length) {
                throw new DatasetException(file + ": truncated: its header announces " + describe(dimensions, kind)
                        + " (" + length + " bytes), the file holds " + data.length);
            }
            if (in.read() != -1) {
                throw new DatasetException(file + ": longer than the " + describe(dimensions, kind)
                        + " its header announces; not an IDX " + kind + " file, or a damaged one");
            }
            return new IdxFile(file, dimensions, data);
        } catch (EOFException e) {
            // DataInputStream's own end of file has no message; gunzip's ("Unexpected end of ZLIB input
            // stream") says the compressed data stops early.
            throw new DatasetException(file + ": truncated: " + (e.getMessage() == null ? "the file ends inside its header"
                    : "the compressed data ends early (" + e.getMessage() + ")"), e);
        } catch (ZipException e) {
            throw new DatasetException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": no such file", e);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The file's bytes, through gunzip when it starts with gzip's magic bytes. */
    private static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        boolean gzipped = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzipped ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    private static String describe(int[] dimensions, String kind) {
        return dimensions.length == 1 ? dimensions[0] + " " + kind
                : dimensions[0] + " " + kind + " of " + dimensions[1] + "x" + dimensions[2];
    }
}

package alexnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files (MNIST's format) into the ILSVRC layout, and the one-line refusals of bad files. */
class IdxImportTest {
    private static final int ROWS = 4;
    private static final int COLS = 3;

    @TempDir
    Path dir;

    /** Image i's pixel p is {@code 10 * i + p}, so every image is told apart by its values. */
    private static byte[] pixels(int count) {
        byte[] data = new byte[count * ROWS * COLS];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (10 * (i / (ROWS * COLS)) + i % (ROWS * COLS));
        }
        return data;
    }

    static byte[] idx(int magic, int[] dimensions, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dimensions) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    private IdxImport.Split split(String name, byte[] labels, boolean gzip) throws IOException {
        return new IdxImport.Split(
                write(name + "-images", idx(0x803, new int[] {labels.length, ROWS, COLS}, pixels(labels.length)), gzip),
                write(name + "-labels", idx(0x801, new int[] {labels.length}, labels), gzip));
    }

    @Test
    void writesEveryImageAsRgbUnderItsClassWithTheClassNames() throws Exception {
        IdxImport.Split train = split("train", new byte[] {1, 0, 2, 1, 0}, true);
        IdxImport.Split val = split("val", new byte[] {2, 0}, false);
        ImageNetFolder folder = IdxImport.write(dir.resolve("out"), train, val,
                new IdxImport.Settings(List.of("zero", "one", "two"), 0, 0, 0));
        assertEquals(List.of("n00000000", "n00000001", "n00000002"), folder.wnids());
        assertEquals(List.of("zero", "one", "two"), folder.classNames());
        assertEquals(5, folder.train().size());
        assertEquals(2, folder.val().size());
        Path third = dir.resolve("out/train/n00000002/n00000002_00002.png");
        assertTrue(folder.train().contains(new LabelledFile(third, 2)), folder.train().toString());
        BufferedImage image = javax.imageio.ImageIO.read(third.toFile());
        assertEquals(3, image.getColorModel().getNumComponents(), "grey written as 3 channels");
        assertEquals(COLS, image.getWidth());
        assertEquals(ROWS, image.getHeight());
        for (int p = 0; p < ROWS * COLS; p++) {
            int grey = 20 + p;
            assertEquals(grey << 16 | grey << 8 | grey, image.getRGB(p % COLS, p / COLS) & 0xffffff);
        }
        assertTrue(Files.isRegularFile(dir.resolve("out/val/n00000000/n00000000_00001.png")));
        assertFalse(Files.exists(dir.resolve(".out.partial")));
    }

    @Test
    void withoutNamesTheLabelsNameTheClassesAndALimitTakesTheFirstOfEachClass() throws Exception {
        IdxImport.Split train = split("train", new byte[] {1, 0, 1, 1, 0, 0}, false);
        ImageNetFolder folder = IdxImport.write(dir.resolve("out"), train, null, new IdxImport.Settings(List.of(), 8, 2, 0));
        assertEquals(List.of("0", "1"), folder.classNames());
        assertEquals(List.of(1, 4, 0, 2), folder.train().stream()
                .map(f -> Integer.parseInt(f.file().getFileName().toString().substring(10, 15))).toList());
        assertTrue(folder.val().isEmpty());
        BufferedImage image = ImageDecoder.decode(folder.train().get(0).file());
        assertEquals(8, image.getWidth(), "rescaled to --size");
        assertEquals(8, image.getHeight());
    }

    private static String refusal(Runnable importing) {
        return assertThrows(DatasetException.class, importing::run).getMessage();
    }

    @Test
    void badFilesAreRefusedNamingTheFile() throws Exception {
        IdxImport.Split good = split("good", new byte[] {0, 1, 1}, true);
        IdxImport.Settings settings = new IdxImport.Settings(List.of(), 0, 0, 0);
        Path out = dir.resolve("out");

        String swapped = refusal(() -> IdxImport.write(out, new IdxImport.Split(good.labels(), good.labels()), null, settings));
        assertTrue(swapped.startsWith(good.labels() + ": not an IDX images file (magic number 0x00000801"), swapped);

        IdxImport.Split mismatch = new IdxImport.Split(good.images(), split("short", new byte[] {0, 1}, false).labels());
        String counts = refusal(() -> IdxImport.write(out, mismatch, null, settings));
        assertEquals(good.images() + " holds 3 images, but " + mismatch.labels() + " holds 2 labels", counts);

        byte[] whole = idx(0x803, new int[] {3, ROWS, COLS}, pixels(3));
        Path cut = write("cut", Arrays.copyOf(whole, whole.length - 5), false);
        String truncated = refusal(() -> IdxImport.write(out, new IdxImport.Split(cut, good.labels()), null, settings));
        assertEquals(cut + ": truncated: its header announces 3 images of 4x3 (36 bytes), the file holds 31", truncated);

        byte[] gzipped = Files.readAllBytes(good.images());
        Path cutGzip = write("cut.gz", Arrays.copyOf(gzipped, gzipped.length / 2), false);
        String gzipTruncated = refusal(() -> IdxImport.write(out, new IdxImport.Split(cutGzip, good.labels()), null, settings));
        assertTrue(gzipTruncated.startsWith(cutGzip + ": truncated"), gzipTruncated);

        Path longer = write("longer", Arrays.copyOf(whole, whole.length + 1), false);
        String trailing = refusal(() -> IdxImport.write(out, new IdxImport.Split(longer, good.labels()), null, settings));
        assertTrue(trailing.startsWith(longer + ": longer than the 3 images of 4x3"), trailing);

        Path empty = write("empty", new byte[0], false);
        String nothing = refusal(() -> IdxImport.write(out, new IdxImport.Split(empty, good.labels()), null, settings));
        assertTrue(nothing.startsWith(empty + ": not an IDX images file"), nothing);

        String missing = refusal(() -> IdxImport.write(out, new IdxImport.Split(dir.resolve("nope"), good.labels()), null, settings));
        assertEquals(dir.resolve("nope") + ": no such file", missing);

        String names = refusal(() -> IdxImport.write(out, good, null, new IdxImport.Settings(List.of("a"), 0, 0, 0)));
        assertEquals(good.labels() + ": holds label 1, but 1 class names were given (labels 0..0)", names);

        String unseen = refusal(() -> IdxImport.write(out, good, null, new IdxImport.Settings(List.of("a", "b", "c"), 0, 0, 0)));
        assertEquals(good.labels() + ": no image has label 2 (c); every class needs training images", unseen);
        assertFalse(Files.exists(out), "nothing written on a refusal");
        assertThrows(IllegalArgumentException.class, () -> new IdxImport.Settings(List.of("a", " ", "c"), 0, 0, 0));
    }

    @Test
    void aFolderThatHoldsSomethingIsRefused() throws Exception {
        IdxImport.Split good = split("good", new byte[] {0, 1}, false);
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("mine.txt"), "keep");
        String taken = refusal(() -> IdxImport.write(out, good, null, new IdxImport.Settings(List.of(), 0, 0, 0)));
        assertTrue(taken.startsWith(out + ": exists and is not an empty folder"), taken);
        assertEquals("keep", Files.readString(out.resolve("mine.txt")));
    }
}

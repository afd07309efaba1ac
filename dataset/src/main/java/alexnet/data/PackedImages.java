package alexnet.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One split of a packed cache, memory-mapped: {@code count} images of {@code 3 x S x S} uint8 pixels,
 * each image stored CHW (R plane, G plane, B plane; row-major), image {@code i} at byte offset
 * {@code i * 3 * S * S} of {@code images.u8}; labels in {@code labels.i32} (big-endian int32), the source
 * file of each image in {@code sources.txt}, files left out in {@code skipped.tsv}. Reading is
 * thread-safe.
 */
public final class PackedImages {
    static final String IMAGES = "images.u8";
    static final String LABELS = "labels.i32";
    static final String SOURCES = "sources.txt";
    static final String SKIPPED = "skipped.tsv";
    /** Written last: a split without it is an interrupted build and is never read. */
    static final String MANIFEST = "complete.properties";

    private final Path directory;
    private final int storedSize;
    private final int imageBytes;
    private final int[] labels;
    private final List<String> sources;
    private final List<SkippedFile> skipped;
    private final MappedByteBuffer[] segments;
    private final int imagesPerSegment;

    private PackedImages(Path directory, int storedSize, int[] labels, List<String> sources,
                         List<SkippedFile> skipped, MappedByteBuffer[] segments, int imagesPerSegment) {
        this.directory = directory;
        this.storedSize = storedSize;
        this.imageBytes = 3 * storedSize * storedSize;
        this.labels = labels;
        this.sources = sources;
        this.skipped = skipped;
        this.segments = segments;
        this.imagesPerSegment = imagesPerSegment;
    }

    /** Reads a finished split; {@link IOException} if it is incomplete or inconsistent. */
    static PackedImages open(Path directory) throws IOException {
        Properties manifest = readManifest(directory);
        if (manifest == null) {
            throw new IOException(directory + ": packed cache is incomplete (no " + MANIFEST + ")");
        }
        int size = manifestInt(directory, manifest, "storedSize");
        int count = manifestInt(directory, manifest, "count");
        int imageBytes = 3 * size * size;
        Path images = directory.resolve(IMAGES);
        long expected = (long) count * imageBytes;
        if (Files.size(images) != expected) {
            throw new IOException(images + ": has " + Files.size(images) + " bytes, expected " + expected);
        }
        int[] labels = readLabels(directory.resolve(LABELS), count);
        List<String> sources = Files.readAllLines(directory.resolve(SOURCES), StandardCharsets.UTF_8);
        if (sources.size() != count) {
            throw new IOException(directory.resolve(SOURCES) + ": " + sources.size() + " lines, expected " + count);
        }
        List<SkippedFile> skipped = new ArrayList<>();
        for (String line : Files.readAllLines(directory.resolve(SKIPPED), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", 2);
            skipped.add(new SkippedFile(Paths.get(f[0]), f.length > 1 ? f[1] : ""));
        }
        // A MappedByteBuffer is indexed by int: map ImageNet-sized files in segments of whole images.
        int perSegment = Math.max(1, Integer.MAX_VALUE / imageBytes);
        int segmentCount = (count + perSegment - 1) / perSegment;
        MappedByteBuffer[] segments = new MappedByteBuffer[segmentCount];
        try (FileChannel channel = FileChannel.open(images)) {
            for (int s = 0; s < segmentCount; s++) {
                long first = (long) s * perSegment;
                long n = Math.min(perSegment, count - first);
                segments[s] = channel.map(FileChannel.MapMode.READ_ONLY, first * imageBytes, n * imageBytes);
            }
        }
        return new PackedImages(directory, size, labels, List.copyOf(sources), List.copyOf(skipped), segments, perSegment);
    }

    /** A positive whole number of the manifest, or an error naming the manifest, the key and the value. */
    private static int manifestInt(Path directory, Properties manifest, String key) throws IOException {
        String value = manifest.getProperty(key);
        try {
            int number = Integer.parseInt(value == null ? "" : value.trim());
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException(directory.resolve(MANIFEST) + ": " + key + " is '" + value + "', not a count");
    }

    static Properties readManifest(Path directory) throws IOException {
        Path file = directory.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    private static int[] readLabels(Path file, int count) throws IOException {
        if (Files.size(file) != 4L * count) {
            throw new IOException(file + ": has " + Files.size(file) + " bytes, expected " + 4L * count);
        }
        int[] labels = new int[count];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (int i = 0; i < count; i++) {
                labels[i] = in.readInt();
            }
        }
        return labels;
    }

    public Path directory() {
        return directory;
    }

    public int count() {
        return labels.length;
    }

    public int storedSize() {
        return storedSize;
    }

    /** Bytes per image: 3 x S x S. */
    public int imageBytes() {
        return imageBytes;
    }

    public int label(int index) {
        return labels[index];
    }

    public int[] labels() {
        return labels.clone();
    }

    /** The file image {@code index} was decoded from, relative to the data set root. */
    public String source(int index) {
        return sources.get(index);
    }

    /** Files of this split that could not be decoded and are not in the cache, with the reason. */
    public List<SkippedFile> skipped() {
        return skipped;
    }

    /** Copies image {@code index} (CHW, uint8) into {@code chw}, which must hold {@link #imageBytes()}. */
    public void read(int index, byte[] chw) {
        if (index < 0 || index >= labels.length) {
            throw new IndexOutOfBoundsException("image " + index + " of " + labels.length);
        }
        segments[index / imagesPerSegment].get((index % imagesPerSegment) * imageBytes, chw, 0, imageBytes);
    }
}

package alexnet.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the files of one split on all cores and packs them, in their listed order, into a
 * {@link PackedImages} directory. Bad files are skipped, logged and listed in the report; they never stop
 * the build. Every file goes through a temporary name; the manifest is written last, so a build that dies
 * halfway leaves a directory that is recognised as incomplete and rebuilt.
 */
final class PackedSplitBuilder {
    private static final Logger log = LoggerFactory.getLogger(PackedSplitBuilder.class);
    static final String STATISTICS = "statistics.bin";
    static final int FORMAT_VERSION = 1;

    private record Decoded(byte[] pixels, BadImageException problem) {
    }

    private PackedSplitBuilder() {
    }

    /** Builds the split; returns the training statistics when {@code computeStatistics}, else null. */
    /**
     * Refuses to start packing what the disk can't hold, rather than failing hours later with "No space
     * left on device": {@code count} images of 3 x size x size bytes against {@code usableBytes}.
     */
    static void requireSpace(Path directory, String name, int count, int size, long usableBytes) {
        long needed = (long) count * 3 * size * size;
        if (needed > usableBytes) {
            throw new DatasetException(String.format(java.util.Locale.ROOT, "%s: packing %d %s images at %dx%d needs "
                            + "%.2f GB, the disk has %.2f GB free; free some space, or put the cache elsewhere with "
                            + "--cache (or ALEXNET_CACHE)", directory, count, name, size, size, needed / 1e9,
                    usableBytes / 1e9));
        }
    }

    static TrainingStatistics build(String name, List<LabelledFile> files, Path root, Path directory, int size,
                                    int threads, String fingerprint, boolean computeStatistics) throws IOException {
        Files.createDirectories(directory);
        Files.deleteIfExists(directory.resolve(PackedImages.MANIFEST)); // from now on the old cache is invalid
        Files.deleteIfExists(directory.resolve(PackedImages.IMAGES)); // and its space is the new one's
        requireSpace(directory, name, files.size(), size, Files.getFileStore(directory).getUsableSpace());
        Path images = directory.resolve(PackedImages.IMAGES + ".partial");
        List<Integer> labels = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        StatisticsAccumulator stats = computeStatistics ? new StatisticsAccumulator(size) : null;
        log.info("packing {} {} images at {}x{} into {} ({} threads)", files.size(), name, size, size, directory, threads);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(images), 1 << 20);
             ConsoleProgressBar bar = new ConsoleProgressBar("packing " + name, files.size(), "images");
             OrderedPrefetcher<Decoded> decoded = new OrderedPrefetcher<>("decode-" + name, files.size(),
                     i -> decode(files.get(i).file(), size), threads, 8 * threads)) {
            for (LabelledFile file : files) {
                Decoded d = decoded.next();
                if (d.pixels() != null) {
                    out.write(d.pixels());
                    labels.add(file.label());
                    sources.add(relative(root, file.file()));
                    if (stats != null) {
                        stats.add(d.pixels());
                    }
                } else {
                    log.warn("skipping {}", d.problem().getMessage());
                    skipped.add(new SkippedFile(file.file(), d.problem().problem()));
                }
                bar.advance(1);
            }
        }
        if (!files.isEmpty() && labels.isEmpty()) {
            throw new DatasetException(root + ": none of the " + files.size() + " " + name
                    + " images could be decoded; first problem: " + skipped.get(0));
        }
        AtomicFiles.moveIntoPlace(images, directory.resolve(PackedImages.IMAGES));
        AtomicFiles.write(directory.resolve(PackedImages.LABELS), raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            for (int label : labels) {
                out.writeInt(label);
            }
            out.flush();
        });
        writeLines(directory.resolve(PackedImages.SOURCES), sources);
        writeLines(directory.resolve(PackedImages.SKIPPED),
                skipped.stream().map(s -> s.file() + "\t" + s.problem().replace('\n', ' ')).toList());
        TrainingStatistics result = stats == null || labels.isEmpty() ? null : stats.result();
        if (result != null) {
            result.save(directory.resolve(STATISTICS));
        }
        Properties manifest = new Properties();
        manifest.setProperty("format", Integer.toString(FORMAT_VERSION));
        manifest.setProperty("layout", "uint8 CHW, 3 x storedSize x storedSize per image");
        manifest.setProperty("storedSize", Integer.toString(size));
        manifest.setProperty("count", Integer.toString(labels.size()));
        manifest.setProperty("skipped", Integer.toString(skipped.size()));
        manifest.setProperty("fingerprint", fingerprint);
        AtomicFiles.write(directory.resolve(PackedImages.MANIFEST), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            manifest.store(w, "packed " + name + " split; written last, after every other file");
            w.flush();
        });
        if (!skipped.isEmpty()) {
            log.warn("{}: skipped {} of {} files that could not be decoded; list in {}", name, skipped.size(),
                    files.size(), directory.resolve(PackedImages.SKIPPED));
        }
        return result;
    }

    private static Decoded decode(Path file, int size) {
        try {
            return new Decoded(SquareRescaler.rescaleAndCentreCrop(ImageDecoder.decode(file), size), null);
        } catch (BadImageException e) {
            return new Decoded(null, e);
        } catch (OutOfMemoryError e) {
            return new Decoded(null, new BadImageException(file, "too large to decode in the available memory"));
        }
    }

    private static String relative(Path root, Path file) {
        Path r = root.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        return (f.startsWith(r) ? r.relativize(f) : f).toString();
    }

    private static void writeLines(Path file, List<String> lines) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
            w.flush();
        });
    }

    /** Human-readable summary, e.g. for the end of a log. */
    static String describe(PackedImages images) {
        return String.format(Locale.ROOT, "%d images at %dx%d (%d skipped)", images.count(), images.storedSize(),
                images.storedSize(), images.skipped().size());
    }
}

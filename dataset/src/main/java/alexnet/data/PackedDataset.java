package alexnet.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data set packed for training: both splits as memory-mapped {@link PackedImages} at one stored size,
 * plus the {@link TrainingStatistics} (mean image, RGB PCA) of the training split.
 *
 * <p>Cache layout: {@code cacheDir/train-<S>px/} and {@code cacheDir/val-<S>px/}, each as described in
 * {@link PackedImages}, the training one also holding {@code statistics.bin}. A split is rebuilt when it
 * is missing, incomplete (interrupted build) or stale: its fingerprint covers every source file's path,
 * label, size and modification time, so adding, removing, relabelling or rewriting a file rebuilds it.
 * Concurrent processes take a file lock, so one builds while the other waits and then reuses the result.
 */
public final class PackedDataset {
    private static final Logger log = LoggerFactory.getLogger(PackedDataset.class);

    private final List<String> wnids;
    private final List<String> classNames;
    private final PackedImages train;
    private final PackedImages val;
    private final TrainingStatistics statistics;

    private PackedDataset(List<String> wnids, List<String> classNames, PackedImages train, PackedImages val,
                          TrainingStatistics statistics) {
        this.wnids = wnids;
        this.classNames = classNames;
        this.train = train;
        this.val = val;
        this.statistics = statistics;
    }

    /** As {@link #openOrBuild(ImageNetFolder, Path, int, int)} with one decoding thread per core. */
    public static PackedDataset openOrBuild(ImageNetFolder folder, Path cacheDir, int storedSize) {
        return openOrBuild(folder, cacheDir, storedSize, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Opens the cache of {@code folder} at {@code storedSize} in {@code cacheDir}, building whatever split
     * is missing, incomplete or stale with {@code threads} decoding threads (and a progress bar).
     */
    public static PackedDataset openOrBuild(ImageNetFolder folder, Path cacheDir, int storedSize, int threads) {
        if (storedSize < 1) {
            throw new IllegalArgumentException("storedSize must be positive: " + storedSize);
        }
        Path trainDir = cacheDir.resolve("train-" + storedSize + "px");
        Path valDir = cacheDir.resolve("val-" + storedSize + "px");
        try {
            Files.createDirectories(cacheDir);
            FileChannel lockFile;
            try {
                lockFile = FileChannel.open(cacheDir.resolve(".lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                return openWithoutLock(folder, cacheDir, trainDir, valDir, storedSize, e);
            }
            try (lockFile; FileLock ignored = lockFile.lock()) {
                ensureBuilt("train", folder.train(), folder.root(), trainDir, storedSize, threads, true);
                ensureBuilt("val", folder.val(), folder.root(), valDir, storedSize, threads, false);
                return open(folder, cacheDir, trainDir, valDir);
            }
        } catch (IOException e) {
            throw new DatasetException(cacheDir + ": cannot build or read the packed cache (" + IoProblems.describe(e)
                    + "); if it is damaged, delete it to have it packed again", e);
        }
    }

    /**
     * A cache whose lock can't be taken (a shared cache on a read-only mount, as on clusters) is still
     * usable when it is complete and fresh: nothing is written then, so nothing needs the lock.
     */
    private static PackedDataset openWithoutLock(ImageNetFolder folder, Path cacheDir, Path trainDir, Path valDir,
                                                 int storedSize, IOException lockProblem) throws IOException {
        if (!isFresh(folder.train(), folder.root(), trainDir, storedSize)
                || !isFresh(folder.val(), folder.root(), valDir, storedSize)) {
            throw new DatasetException(cacheDir + ": cannot take the cache's lock (" + IoProblems.describe(lockProblem)
                    + ") to pack " + folder.root() + " into it; make the folder writable or choose another --cache");
        }
        log.warn("{}: cannot take the cache's lock ({}); using it as it is, complete and up to date, without one",
                cacheDir, IoProblems.describe(lockProblem));
        return open(folder, cacheDir, trainDir, valDir);
    }

    private static PackedDataset open(ImageNetFolder folder, Path cacheDir, Path trainDir, Path valDir)
            throws IOException {
        PackedDataset data = open(folder.wnids(), folder.classNames(), trainDir, valDir);
        log.info("packed cache {}: train {}, val {}", cacheDir, PackedSplitBuilder.describe(data.train),
                PackedSplitBuilder.describe(data.val));
        return data;
    }

    private static PackedDataset open(List<String> wnids, List<String> classNames, Path trainDir, Path valDir)
            throws IOException {
        PackedImages train = PackedImages.open(trainDir);
        PackedImages val = PackedImages.open(valDir);
        checkLabels(train, wnids.size());
        checkLabels(val, wnids.size());
        TrainingStatistics stats = TrainingStatistics.load(trainDir.resolve(PackedSplitBuilder.STATISTICS));
        return new PackedDataset(wnids, classNames, train, val, stats);
    }

    /**
     * The cache {@code cacheDir} at {@code storedSize} as it is, for the workers of a cluster: the driver has
     * checked it against the source folder (or built it) with {@link #openOrBuild}, and each worker only maps
     * it, without listing the source folder again (a million files on ImageNet). {@code wnids} and
     * {@code classNames} are the driver's.
     */
    public static PackedDataset openPacked(Path cacheDir, int storedSize, List<String> wnids, List<String> classNames) {
        try {
            return open(List.copyOf(wnids), List.copyOf(classNames), cacheDir.resolve("train-" + storedSize + "px"),
                    cacheDir.resolve("val-" + storedSize + "px"));
        } catch (IOException e) {
            throw new DatasetException(cacheDir + ": cannot read the packed cache (" + IoProblems.describe(e)
                    + "); every worker must see it at this path (a shared folder, --cache)", e);
        }
    }

    /** Every label of a split names one of the data set's classes (a damaged labels file would index past them). */
    private static void checkLabels(PackedImages split, int classes) throws IOException {
        int[] labels = split.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IOException(split.directory().resolve(PackedImages.LABELS) + ": label " + labels[i]
                        + " of image " + i + " is not one of the " + classes + " classes");
            }
        }
    }

    private static void ensureBuilt(String name, List<LabelledFile> files, Path root, Path dir, int size, int threads,
                                    boolean statistics) throws IOException {
        // Once: the fingerprint reads every source file's attributes (1.3 million for ImageNet).
        String fingerprint = fingerprint(files, root, size);
        Properties manifest = PackedImages.readManifest(dir);
        if (isFresh(manifest, fingerprint)) {
            log.info("{}: reusing packed {} split", dir, name);
            return;
        }
        log.info("{}: {} packed {} split, building it", dir, manifest == null ? "no complete" : "source changed since the",
                name);
        PackedSplitBuilder.build(name, files, root, dir, size, threads, fingerprint, statistics);
    }

    /** Whether {@code dir} holds a complete split packed from exactly {@code files} at {@code size}. */
    private static boolean isFresh(List<LabelledFile> files, Path root, Path dir, int size) throws IOException {
        return isFresh(PackedImages.readManifest(dir), fingerprint(files, root, size));
    }

    /** Whether a split's manifest (null: none, or incomplete) is that of the source with {@code fingerprint}. */
    private static boolean isFresh(Properties manifest, String fingerprint) {
        return manifest != null && fingerprint.equals(manifest.getProperty("fingerprint"));
    }

    /** SHA-256 over format, size and every file's path, label, length and modification time. */
    static String fingerprint(List<LabelledFile> files, Path root, int size) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        digest.update(("format " + PackedSplitBuilder.FORMAT_VERSION + " size " + size + "\n").getBytes(StandardCharsets.UTF_8));
        Path r = root.toAbsolutePath().normalize();
        for (LabelledFile f : files) {
            String stamp;
            try {
                BasicFileAttributes a = Files.readAttributes(f.file(), BasicFileAttributes.class);
                stamp = a.size() + " " + a.lastModifiedTime().toMillis();
            } catch (IOException e) {
                stamp = "unreadable"; // decoding will report it; it must not stop the listing
            }
            Path p = f.file().toAbsolutePath().normalize();
            String line = (p.startsWith(r) ? r.relativize(p) : p) + "\t" + f.label() + "\t" + stamp + "\n";
            digest.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public PackedImages train() {
        return train;
    }

    /** The validation split; {@code count() == 0} when the data set has none. */
    public PackedImages val() {
        return val;
    }

    public TrainingStatistics statistics() {
        return statistics;
    }

    public int storedSize() {
        return statistics.storedSize();
    }

    public List<String> wnids() {
        return wnids;
    }

    public List<String> classNames() {
        return classNames;
    }

    public int classCount() {
        return wnids.size();
    }

    /** Every file of both splits that was left out, with the reason. */
    public List<SkippedFile> skipped() {
        List<SkippedFile> all = new ArrayList<>(train.skipped());
        all.addAll(val.skipped());
        return all;
    }
}

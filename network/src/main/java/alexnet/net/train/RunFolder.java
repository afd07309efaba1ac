package alexnet.net.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder a training run writes (checkpoint, metrics, data statistics, class names), held by
 * one run at a time: two runs in one folder would interleave their metrics and replace each
 * other's checkpoints. The hold is an exclusive lock on {@code .lock} in the folder, which the
 * operating system releases when the process ends, however it ends. A run never replaces an
 * earlier run's checkpoint unless told to.
 */
final class RunFolder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunFolder.class);
    private static final String LOCK = ".lock";
    /**
     * The folders this process holds. A second run in the process is refused here, before it opens
     * the lock file: closing a second channel on it would drop the first one's lock on some systems.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel lockFile;

    private RunFolder(Path dir, FileChannel lockFile) {
        this.dir = dir;
        this.lockFile = lockFile;
    }

    /**
     * Creates and locks {@code dir}, refuses a {@code start} that does not fit what it holds, and
     * removes what interrupted saves left behind. Nothing in the folder changes on a refusal.
     */
    static RunFolder open(Path dir, TrainingConfig.Start start) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a folder; --run names the folder of a run");
        }
        Path checkpoint = dir.resolve(Trainer.CHECKPOINT);
        if (start == TrainingConfig.Start.RESUME && !Files.exists(checkpoint)) {
            throw new IllegalArgumentException(dir + ": no checkpoint to resume (" + Trainer.CHECKPOINT
                    + " is missing); check --run, or leave out --resume to start a new run");
        }
        Files.createDirectories(dir);
        RunFolder folder = lock(dir);
        try {
            if (start == TrainingConfig.Start.NEW && Files.exists(checkpoint)) {
                throw new IllegalArgumentException(dir + ": holds the checkpoint of an earlier run; go on with it with "
                        + "--resume, or start afresh with --overwrite (which deletes it), or choose another --run");
            }
            if (start == TrainingConfig.Start.OVERWRITE && Files.deleteIfExists(checkpoint)) {
                log.info("--overwrite: deleted the earlier run's {}", checkpoint);
            }
            removePartialFiles(dir);
            return folder;
        } catch (IOException | RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    private static RunFolder lock(Path dir) throws IOException {
        Path real = dir.toRealPath();
        if (HELD.add(real)) {
            FileChannel lockFile = FileChannel.open(real.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            if (lockFile.tryLock() != null) {
                return new RunFolder(real, lockFile);
            }
            lockFile.close();
            HELD.remove(real);
        }
        throw new IllegalArgumentException(dir + ": another train is running in this run folder (it holds "
                + dir.resolve(LOCK) + "); wait for it to end, or choose another --run");
    }

    /**
     * Every file is written to a {@code .partial} file first and renamed into place; a save killed
     * midway leaves that file behind (a checkpoint's is as large as the net), and no other run can be
     * writing one now.
     */
    private static void removePartialFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(dir, "*.partial")) {
            for (Path partial : partials) {
                long bytes = Files.size(partial);
                Files.delete(partial);
                log.info("removed {} ({} bytes), left by an interrupted save", partial, bytes);
            }
        }
    }

    /** Releases the folder (closing the lock file's channel releases its lock). */
    @Override
    public void close() {
        try {
            lockFile.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            HELD.remove(dir);
        }
    }
}

package alexnet.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a file so that readers see either the old content or the complete new one, never a part.
 * Public for the other files a run writes beside the data statistics (the class names).
 */
public final class AtomicFiles {
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code target.partial} with {@code writer}, then moves it over {@code target}; a failure (a full
     * disk) names {@code target} and the reason, and leaves {@code target} as it was.
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".partial");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                writer.write(out);
            }
            moveIntoPlace(temp, target);
        } catch (IOException e) {
            throw new IOException(target + ": cannot write (" + IoProblems.describe(e) + ")", e);
        }
    }

    /** Flushes {@code temp} to disk, then renames it over {@code target} in one step. */
    static void moveIntoPlace(Path temp, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes {@code dir} and everything in it; nothing when it does not exist (a folder being replaced). */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

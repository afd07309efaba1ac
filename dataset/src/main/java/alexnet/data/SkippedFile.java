package alexnet.data;

import java.nio.file.Path;

/** A file left out of a packed cache because it could not be decoded, with the reason. */
public record SkippedFile(Path file, String problem) {
    @Override
    public String toString() {
        return file + ": " + problem;
    }
}

package alexnet.data;

import java.io.IOException;
import java.nio.file.Path;

/** One file that is not a usable image; the message reads "FILE: PROBLEM". */
public class BadImageException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public BadImageException(Path file, String problem) {
        this(file, problem, null);
    }

    public BadImageException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** The problem alone, without the file name. */
    public String problem() {
        return problem;
    }
}

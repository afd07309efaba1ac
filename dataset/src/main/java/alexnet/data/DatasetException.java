package alexnet.data;

/**
 * A data set that cannot be used at all (missing folders, empty classes, unreadable label files).
 * The message always names the path and the problem; per-image problems are {@link BadImageException}s
 * instead, because a long run skips those rather than stopping.
 */
public class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}

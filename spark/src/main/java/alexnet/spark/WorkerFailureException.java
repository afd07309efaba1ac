package alexnet.spark;

/**
 * A Spark job of the run failed for good: Spark's retries (of a lost task, a lost executor) were used up, or the
 * cluster went away. No update of the job's steps was kept; the run folder's checkpoint is the last epoch's.
 */
public final class WorkerFailureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    WorkerFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}

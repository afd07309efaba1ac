package alexnet.spark;

import java.io.Serializable;

/**
 * What a worker spent on its steps: computing (loading its part of the batch, forward and backward) and
 * synchronising (cutting and publishing its gradient, fetching and waiting for the others' slices, summing and
 * updating its own), and the bytes of the blocks it exchanged with other workers: what crosses
 * the network between executors on separate machines.
 */
final class SyncStats implements Serializable {

    private static final long serialVersionUID = 1L;

    private long steps;
    private long computeNanos;
    private long syncNanos;
    private long waitNanos;
    private long bytesSent;
    private long bytesReceived;

    void step(long computeNanos, long syncNanos) {
        this.steps++;
        this.computeNanos += computeNanos;
        this.syncNanos += syncNanos;
    }

    /** Time spent fetching blocks, waiting for them to be there included. */
    void waited(long nanos) {
        waitNanos += nanos;
    }

    void sent(long bytes) {
        bytesSent += bytes;
    }

    void received(long bytes) {
        bytesReceived += bytes;
    }

    /** Adds {@code other}'s steps: the driver's sum over workers and jobs. */
    void add(SyncStats other) {
        steps += other.steps;
        computeNanos += other.computeNanos;
        syncNanos += other.syncNanos;
        waitNanos += other.waitNanos;
        bytesSent += other.bytesSent;
        bytesReceived += other.bytesReceived;
    }

    /** A worker's mean step, computing and synchronising, in nanoseconds. */
    double meanStepNanos() {
        return (computeNanos + syncNanos) / (double) Math.max(1, steps);
    }

    boolean isEmpty() {
        return steps == 0;
    }

    /** Means per worker and step: "compute 1.21 s, synchronisation 0.05 s (0.03 s fetching), 1.4 MB sent, ...". */
    String describe() {
        double n = Math.max(1, steps);
        return String.format(java.util.Locale.ROOT, "compute %.3f s, synchronisation %.3f s (%.3f s of it fetching "
                        + "and waiting for the others' blocks), %.2f MB sent and %.2f MB received to and from the "
                        + "other workers", computeNanos / n / 1e9, syncNanos / n / 1e9, waitNanos / n / 1e9,
                bytesSent / n / 1e6, bytesReceived / n / 1e6);
    }
}

package alexnet.net.parallel;

import java.util.concurrent.Phaser;

/**
 * The rendezvous of the devices within one forward, backward or update: every exchange is a
 * barrier of all devices (each arrives when its half is ready). When a device fails, {@link #abort}
 * terminates the barrier, so a device waiting at an exchange returns at once, and one still
 * computing stops before its next layer: nobody waits for a partner that will never come.
 */
final class StepSync {

    /** Thrown in a device that stopped because another one failed; not a failure of its own. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("cancelled: another device failed", null, false, false);
        }
    }

    private final Phaser phaser;
    private final TransferStats stats;
    private volatile boolean aborted;

    StepSync(int devices, TransferStats stats) {
        this.phaser = new Phaser(devices);
        this.stats = stats;
    }

    /** Waits until every device reached this exchange; the wait is counted against {@code device}. */
    void await(int device) {
        check();
        long start = System.nanoTime();
        int phase = phaser.arriveAndAwaitAdvance();
        stats.waited(device, System.nanoTime() - start);
        if (phase < 0 || aborted) {
            throw new Cancelled();
        }
    }

    /** Throws {@link Cancelled} when another device failed. */
    void check() {
        if (aborted) {
            throw new Cancelled();
        }
    }

    void abort() {
        aborted = true;
        phaser.forceTermination();
    }
}

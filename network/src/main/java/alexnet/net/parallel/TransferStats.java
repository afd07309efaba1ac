package alexnet.net.parallel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts every transfer between the devices, by exchange point and direction, and the time the
 * devices spend on them: waiting for the peer to reach the exchange, and copying. Thread-safe;
 * {@link #snapshot} and {@link #reset} are for the coordinator between steps.
 */
public final class TransferStats {

    /** Bytes moved between devices at one exchange point since the last reset. */
    public record Point(String name, long forwardBytes, long backwardBytes) {
        public long bytes() {
            return forwardBytes + backwardBytes;
        }
    }

    /**
     * What the devices did since the last reset: {@code steps} training steps (backward passes),
     * bytes per exchange point, bytes of input images copied from the host to the devices (each
     * device gets the whole batch), and per device the nanoseconds spent waiting for the other
     * device at exchanges and copying its data, out of {@code wallNanos} of device work.
     */
    public record Report(long steps, List<Point> points, long inputBytes, long[] waitNanos, long[] copyNanos,
                         long wallNanos) {

        /** Bytes moved between the devices, both directions, forward and backward. */
        public long deviceBytes() {
            return points.stream().mapToLong(Point::bytes).sum();
        }

        public long deviceBytesPerStep() {
            return steps == 0 ? deviceBytes() : deviceBytes() / steps;
        }

        /** Share of the devices' time spent at exchanges (waiting plus copying), averaged over devices. */
        public double transferShare() {
            if (wallNanos == 0) {
                return 0;
            }
            double sum = 0;
            for (int d = 0; d < waitNanos.length; d++) {
                sum += (double) (waitNanos[d] + copyNanos[d]) / wallNanos;
            }
            return sum / waitNanos.length;
        }

        /** Share of the devices' time spent only waiting for the peer at exchanges. */
        public double waitShare() {
            if (wallNanos == 0) {
                return 0;
            }
            double sum = 0;
            for (long wait : waitNanos) {
                sum += (double) wait / wallNanos;
            }
            return sum / waitNanos.length;
        }

        /** One line: total per step and the split by exchange point. */
        public String describe() {
            long per = Math.max(1, steps);
            StringBuilder line = new StringBuilder(String.format("%.2f MB between devices per step (",
                    deviceBytes() / (double) per / 1e6));
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                line.append(i == 0 ? "" : ", ").append(String.format("%s %.2f+%.2f MB", p.name(),
                        p.forwardBytes() / (double) per / 1e6, p.backwardBytes() / (double) per / 1e6));
            }
            line.append(String.format(" fwd+bwd); input %.2f MB host->devices; %.1f%% of device time at exchanges"
                    + " (%.1f%% waiting)", inputBytes / (double) per / 1e6, 100 * transferShare(), 100 * waitShare()));
            return line.toString();
        }
    }

    private final Map<String, AtomicLong[]> points = new LinkedHashMap<>();
    private final AtomicLong inputBytes = new AtomicLong();
    private final AtomicLongArray waitNanos;
    private final AtomicLongArray copyNanos;
    private final AtomicLong wallNanos = new AtomicLong();
    private final AtomicLong steps = new AtomicLong();

    TransferStats(int devices) {
        this.waitNanos = new AtomicLongArray(devices);
        this.copyNanos = new AtomicLongArray(devices);
    }

    /** Registers an exchange point (while the net is built, before any step). */
    void point(String name) {
        points.putIfAbsent(name, new AtomicLong[] {new AtomicLong(), new AtomicLong()});
    }

    void moved(String point, boolean backward, long bytes) {
        points.get(point)[backward ? 1 : 0].addAndGet(bytes);
    }

    void input(long bytes) {
        inputBytes.addAndGet(bytes);
    }

    void waited(int device, long nanos) {
        waitNanos.addAndGet(device, nanos);
    }

    void copied(int device, long nanos) {
        copyNanos.addAndGet(device, nanos);
    }

    void worked(long nanos) {
        wallNanos.addAndGet(nanos);
    }

    void step() {
        steps.incrementAndGet();
    }

    public Report snapshot() {
        List<Point> list = new ArrayList<>();
        points.forEach((name, bytes) -> list.add(new Point(name, bytes[0].get(), bytes[1].get())));
        long[] wait = new long[waitNanos.length()];
        long[] copy = new long[copyNanos.length()];
        for (int d = 0; d < wait.length; d++) {
            wait[d] = waitNanos.get(d);
            copy[d] = copyNanos.get(d);
        }
        return new Report(steps.get(), List.copyOf(list), inputBytes.get(), wait, copy, wallNanos.get());
    }

    public void reset() {
        points.values().forEach(bytes -> {
            bytes[0].set(0);
            bytes[1].set(0);
        });
        inputBytes.set(0);
        for (int d = 0; d < waitNanos.length(); d++) {
            waitNanos.set(d, 0);
            copyNanos.set(d, 0);
        }
        wallNanos.set(0);
        steps.set(0);
    }
}

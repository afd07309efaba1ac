package alexnet.data;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A console progress bar with rate and ETA, e.g.
 * {@code packing train [#########.........]  4800/10000  48%  812.3 images/s  ETA 0:06}.
 *
 * <p>On a terminal it redraws one line in place with {@code \r} at most 10 times a second; otherwise
 * (a log file, CI) it prints a full line every few seconds, so logs stay readable. Thread-safe:
 * worker threads may call {@link #advance} concurrently. Call {@link #close()} to print the final line.
 */
public final class ConsoleProgressBar implements AutoCloseable {
    private static final int WIDTH = 24;

    private final String label;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final boolean inPlace;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private long lastPrint = start;
    private boolean closed;

    /** A bar on standard error, redrawn in place when the JVM has a console (a terminal). */
    public ConsoleProgressBar(String label, long total, String unit) {
        this(label, total, unit, System.err, System.console() != null);
    }

    public ConsoleProgressBar(String label, long total, String unit, PrintStream out, boolean inPlace) {
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.out = out;
        this.inPlace = inPlace;
        this.intervalNanos = inPlace ? 100_000_000L : 5_000_000_000L;
    }

    /** Records {@code n} more units done and redraws if it is time to. */
    public void advance(long n) {
        long now = done.addAndGet(n);
        long t = System.nanoTime();
        synchronized (this) {
            if (!closed && t - lastPrint >= intervalNanos) {
                lastPrint = t;
                print(now, t, false);
            }
        }
    }

    public long done() {
        return done.get();
    }

    /** The line as it would be printed now; for tests and for callers that log it themselves. */
    public String render() {
        return line(done.get(), System.nanoTime());
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            print(done.get(), System.nanoTime(), true);
        }
    }

    private void print(long count, long now, boolean last) {
        String line = line(count, now);
        if (inPlace) {
            out.print("\r" + line + (last ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    private String line(long count, long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = count / seconds;
        StringBuilder s = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * count / total);
            s.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
            s.append(count).append('/').append(total);
            s.append(String.format(Locale.ROOT, " %3d%%", 100 * count / total));
        } else {
            s.append(count);
        }
        s.append(String.format(Locale.ROOT, "  %.1f %s/s", rate, unit));
        if (total > 0 && count < total && count > 0) {
            s.append("  ETA ").append(clock((total - count) / rate));
        } else {
            s.append("  ").append(clock(seconds));
        }
        return s.toString();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

package alexnet.kernels;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the kernels of this package on the JVM with every core: the parallel range of one kernel call
 * is cut into contiguous slices and each worker runs the SAME kernel method on its slice.
 *
 * <p>Results do not depend on the thread count: every kernel computes each output element inside one
 * iteration of its parallel loop, with a fixed summation order, so how the range is cut changes
 * which thread does the work but never the arithmetic.
 */
public final class JvmExecutor implements Closeable {

    /** Slices per thread: a few, so that a slow core (or a busy machine) does not hold up the rest. */
    private static final int SLICES_PER_THREAD = 4;

    private final int threads;
    private final ExecutorService pool;

    /** An executor with one thread per available core. */
    public JvmExecutor() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** An executor with {@code threads} threads; 1 runs everything on the calling thread. */
    public JvmExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        AtomicInteger counter = new AtomicInteger();
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "kernel-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over iterations {@code 0 .. total-1} and returns when all are done. An
     * exception in any slice is rethrown here (unchecked).
     */
    public void parallelFor(int total, RangeKernel body) {
        if (total <= 0) {
            return;
        }
        int slices = Math.min(total, threads * SLICES_PER_THREAD);
        if (pool == null || slices == 1) {
            body.run(0, total);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            int first = (int) ((long) total * s / slices);
            int end = (int) ((long) total * (s + 1) / slices);
            futures.add(pool.submit(() -> body.run(first, end - first)));
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a kernel", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}

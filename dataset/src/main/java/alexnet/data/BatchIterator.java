package alexnet.data;

import java.util.Iterator;
import java.util.function.IntFunction;

/**
 * Batches prepared by background workers, at most {@code prefetch} ahead, handed out in order. Its
 * threads stop by themselves once the last batch is prepared; {@link #close()} it to stop them early
 * (a try-with-resources block, or after breaking out of a loop).
 */
public final class BatchIterator implements Iterator<Batch>, AutoCloseable {
    private final OrderedPrefetcher<Batch> prefetcher;

    BatchIterator(String name, int count, IntFunction<Batch> batch, int threads, int prefetch) {
        this.prefetcher = new OrderedPrefetcher<>(name, count, batch, threads, prefetch);
    }

    @Override
    public boolean hasNext() {
        return prefetcher.hasNext();
    }

    /** The next batch; waits while the workers are still preparing it. */
    @Override
    public Batch next() {
        return prefetcher.next();
    }

    @Override
    public void close() {
        prefetcher.close();
    }
}

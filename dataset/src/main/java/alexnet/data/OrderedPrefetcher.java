package alexnet.data;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Computes {@code task(0) .. task(count-1)} on background threads, at most {@code window} ahead of the
 * consumer (a bounded queue), and hands the results out in index order. Because each result depends
 * only on its index, the sequence is the same for any number of threads.
 */
final class OrderedPrefetcher<T> implements Iterator<T>, AutoCloseable {
    private final int count;
    private final IntFunction<T> task;
    private final int window;
    private final ExecutorService executor;
    private final ArrayDeque<Future<T>> pending = new ArrayDeque<>();
    private int submitted;
    private int delivered;

    OrderedPrefetcher(String name, int count, IntFunction<T> task, int threads, int window) {
        if (threads < 1 || window < 1) {
            throw new IllegalArgumentException("threads and window must be at least 1");
        }
        this.count = count;
        this.task = task;
        this.window = window;
        AtomicInteger number = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + number.incrementAndGet());
            t.setDaemon(true); // a consumer that stops early must not keep the JVM alive
            return t;
        });
        fill();
    }

    private void fill() {
        while (submitted < count && pending.size() < window) {
            int index = submitted++;
            pending.add(executor.submit(() -> task.apply(index)));
        }
        if (submitted == count) {
            executor.shutdown(); // lets the threads end once the last tasks are done
        }
    }

    @Override
    public boolean hasNext() {
        return delivered < count;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Future<T> head = pending.poll();
        try {
            T result = head.get();
            delivered++;
            fill();
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new CancellationException("interrupted while waiting for background work");
        } catch (ExecutionException e) {
            close();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        pending.forEach(f -> f.cancel(true));
        pending.clear();
        executor.shutdownNow();
    }
}

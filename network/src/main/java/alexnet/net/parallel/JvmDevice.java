package alexnet.net.parallel;

import alexnet.kernels.JvmExecutor;
import alexnet.net.Blob;
import alexnet.net.Param;
import alexnet.net.layers.SoftmaxLossLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One JVM device: a worker thread that runs its share of every step, a kernel executor with its
 * own threads, and the memory of its tower: its input blob, the blobs between its layers, the
 * receive buffers of its exchanges, and the parameters of its half of every layer with their
 * gradients and momentum. Nothing here is read by the other device except at an exchange, and
 * nothing here is ever written by it.
 */
public final class JvmDevice implements AutoCloseable {

    private final int index;
    private final String name;
    private final JvmExecutor kernels;
    private final ExecutorService worker;

    /** The tower: layers and exchanges in forward order (built by {@link TwoDeviceNet}). */
    final List<TowerOp> ops = new ArrayList<>();
    final List<Param> params = new ArrayList<>();
    Blob input;
    Blob output;
    SoftmaxLossLayer loss;
    final int[] labels;
    /** What the worker is running now, for error messages. */
    volatile String current = "-";

    JvmDevice(int index, int threads, int maxBatch) {
        this.index = index;
        this.name = name(index);
        this.kernels = new JvmExecutor(threads);
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, name + "-worker");
            thread.setDaemon(true);
            return thread;
        });
        this.labels = new int[maxBatch];
    }

    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    /** "jvm0", "jvm1": the name of device {@code index}, which prefixes its parameters' names. */
    static String name(int index) {
        return "jvm" + index;
    }

    /** Kernel threads of this device. */
    public int threads() {
        return kernels.threads();
    }

    /** This device's parameters: its half of every conv and fc layer. */
    public List<Param> params() {
        return List.copyOf(params);
    }

    JvmExecutor kernels() {
        return kernels;
    }

    <T> Future<T> submit(Callable<T> work) {
        return worker.submit(work);
    }

    @Override
    public void close() {
        worker.shutdownNow();
        kernels.close();
    }
}

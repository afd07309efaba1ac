package alexnet.tornado;

import alexnet.net.parallel.DeviceFailureException;
import alexnet.net.parallel.TowerStage;
import alexnet.net.parallel.TwoDeviceNet;
import alexnet.net.spec.NetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * The paper's two-GPU scheme on two TornadoVM devices: the towers of a {@link TwoDeviceNet} (half of
 * every conv layer's kernels and of every fc layer's neurons on each device, exchanges only into conv3,
 * fc6, fc7, fc8 and the softmax), each tower a chain of task graphs on its device
 * ({@link TowerProgram}), and the exchanges done by the host between the graphs (TornadoVM has no
 * device-to-device copy): after forward graph k both devices' slices come to the host, which places
 * them into both devices' inputs of forward graph k+1; backward, the partial input gradients come back
 * and each device gets the sum for its slice. Both devices run each graph at the same time (one thread
 * each) when they are different devices; two towers on the same device take turns.
 *
 * <p>The host {@link TwoDeviceNet} holds the host copies, as {@link TornadoNetwork}'s Net does: the
 * parameters the graphs start from and that checkpoints read (synced from the devices first, same
 * names as a JVM two-device run, so checkpoints move between the two), the blobs the exchanges go
 * through, and the evaluation, which runs on the JVM; the contract is {@link DeviceNetwork}'s.
 */
public final class TornadoTwoDeviceNet extends DeviceNetwork {

    private static final Logger log = LoggerFactory.getLogger(TornadoTwoDeviceNet.class);

    private final TwoDeviceNet host;
    private final TornadoDevice[] devices;
    private final boolean concurrent;
    private final ExecutorService workers;
    /** The exchanges in forward order, each as both devices' ends. */
    private final List<List<TowerStage.Transfer>> exchanges;
    private TowerProgram[] programs;

    /** The towers of {@code spec} on {@code first} and {@code second} (the same device twice is allowed). */
    public TornadoTwoDeviceNet(NetSpec spec, int batch, long seed, TornadoDevice first, TornadoDevice second) {
        this(new TwoDeviceNet(spec, batch, seed, 1), first, second);
    }

    private TornadoTwoDeviceNet(TwoDeviceNet host, TornadoDevice first, TornadoDevice second) {
        super(host);
        this.host = host;
        this.devices = new TornadoDevice[] {first, second};
        this.concurrent = !TornadoDevices.sameDevice(first, second);
        this.exchanges = exchanges(host);
        this.workers = Executors.newFixedThreadPool(TwoDeviceNet.DEVICES, r -> {
            Thread thread = new Thread(r, "tornado-tower");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    void build(float momentum, float weightDecay) {
        programs = new TowerProgram[TwoDeviceNet.DEVICES];
        for (int d = 0; d < programs.length; d++) {
            String name = "tower" + d;
            programs[d] = new TowerProgram(name, host.tower(d), host.deviceInput(d), host.devices().get(d).params(),
                    maxBatch(), devices[d], momentum, weightDecay);
            log.info("tower {} on {}: {} forward and {} backward graphs and the update; TornadoVM compiles them at "
                    + "the first step", name, TornadoDevices.name(devices[d]), programs[d].segments(),
                    programs[d].segments());
        }
        log.info(String.format("the exchanges move %.1f MB a step from the devices to the host and as much back (%s)",
                exchangedBytesPerStep() / 1e6, describeExchanges()));
    }

    @Override
    float step(int[] labels, int batch, long step, float rate) {
        int size = batch * input().shape().size();
        for (int d = 0; d < programs.length; d++) {
            System.arraycopy(input().data(), 0, host.deviceInput(d).data(), 0, size);
            programs[d].prepare(labels, step, rate);
        }
        int segments = programs[0].segments();
        for (int k = 0; k < segments; k++) {
            int segment = k;
            both(step, "forward " + programs[0].describe(k), program -> program.forward(segment));
            if (k < segments - 1) {
                TowerStage.Transfer.gather(exchanges.get(k), batch);
            }
        }
        for (int k = segments - 1; k >= 0; k--) {
            int segment = k;
            both(step, "backward " + programs[0].describe(k), program -> program.backward(segment));
            if (k > 0) {
                TowerStage.Transfer.scatterGradients(exchanges.get(k - 1), batch);
            }
        }
        both(step, "update", TowerProgram::update);
        return programs[0].meanLoss();
    }

    /**
     * Bytes the exchanges move per step from the devices to the host, both towers summed (as many go
     * back from the host to the devices): forward, each tower's own slice out and the whole input of the
     * next graph in; backward, the whole input gradient out and its own slice's sum in.
     */
    long exchangedBytesPerStep() {
        long bytes = 0;
        for (List<TowerStage.Transfer> ends : exchanges) {
            for (TowerStage.Transfer end : ends) {
                bytes += exchangeBytes(end);
            }
        }
        return bytes;
    }

    /** Each exchange point with its bytes per step, e.g. "conv3 5.5 MB, fc6 ...". */
    String describeExchanges() {
        List<String> points = new ArrayList<>();
        for (List<TowerStage.Transfer> ends : exchanges) {
            long bytes = exchangeBytes(ends.get(0)) + exchangeBytes(ends.get(1));
            points.add(String.format("%s %.1f MB", ends.get(0).point(), bytes / 1e6));
        }
        return String.join(", ", points);
    }

    private long exchangeBytes(TowerStage.Transfer end) {
        return (long) Float.BYTES * maxBatch() * (end.length() + end.received().shape().size());
    }

    /** The exchanges of {@code host}'s towers in forward order, each as both devices' ends. */
    private static List<List<TowerStage.Transfer>> exchanges(TwoDeviceNet host) {
        List<List<TowerStage.Transfer>> all = new ArrayList<>();
        List<TowerStage> first = host.tower(0);
        List<TowerStage> second = host.tower(1);
        for (int i = 0; i < first.size(); i++) {
            if (first.get(i) instanceof TowerStage.Transfer a) {
                all.add(List.of(a, (TowerStage.Transfer) second.get(i)));
            }
        }
        return all;
    }

    private interface GraphRun {
        void run(TowerProgram program);
    }

    /** Runs one graph of each tower (at the same time on two devices); a failure names the device and the graph. */
    private void both(long step, String graph, GraphRun work) {
        if (!concurrent) {
            for (TowerProgram program : programs) {
                try {
                    work.run(program);
                } catch (RuntimeException e) {
                    throw new DeviceFailureException(program.name(), "graph " + graph, "training step", step, e);
                }
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (TowerProgram program : programs) {
            futures.add(workers.submit(() -> work.run(program)));
        }
        DeviceFailureException failure = null;
        for (int d = 0; d < futures.size(); d++) {
            try {
                futures.get(d).get();
            } catch (ExecutionException e) {
                DeviceFailureException f = new DeviceFailureException(programs[d].name(), "graph " + graph,
                        "training step", step, e.getCause());
                if (failure == null) {
                    failure = f;
                } else {
                    failure.addSuppressed(f);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the towers ran graph " + graph, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Device 0's softmax output: the host blob the graphs copy it into. */
    @Override
    float[] stepProbabilities() {
        return host.probabilities();
    }

    @Override
    void copyToHost() {
        for (TowerProgram program : programs) {
            program.syncToHost();
        }
    }

    @Override
    void release() {
        for (TowerProgram program : programs) {
            program.close();
        }
        programs = null;
    }

    @Override
    public void close() {
        super.close();
        workers.shutdownNow();
    }
}

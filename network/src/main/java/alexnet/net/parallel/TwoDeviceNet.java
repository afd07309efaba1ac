package alexnet.net.parallel;

import alexnet.kernels.JvmExecutor;
import alexnet.kernels.Sgd;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.Network;
import alexnet.net.Param;
import alexnet.net.layers.DropoutLayer;
import alexnet.net.layers.Layers;
import alexnet.net.layers.SoftmaxLossLayer;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.NetSpec;
import alexnet.net.spec.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The paper's two-GPU scheme on two JVM devices: the coordinator places half of the kernels of
 * every conv layer and half of the neurons of every fully connected layer on each device, and the
 * devices exchange activations only where the paper's GPUs did.
 *
 * <p>Each device's tower is the description with every conv and fc layer halved in outputs:
 * <pre>
 * conv1 (48 of 96, reads the image)  relu  norm1 (its 48 maps)  pool1
 * conv2 (128 of 256, reads its 48)   relu  norm2 (its 128)      pool2
 *   == exchange pool2 -> conv3: gather both devices' 128 maps (256 x 13 x 13) ==
 * conv3 (192 of 384, reads all 256)  relu
 * conv4 (192 of 384, reads its 192)  relu
 * conv5 (128 of 256, reads its 192)  relu  pool5
 *   == exchange pool5 -> fc6: gather 2 x 128 x 6 x 6 ==
 * fc6 (2048 of 4096)  relu  drop6
 *   == exchange drop6 -> fc7: gather 2 x 2048 ==
 * fc7 (2048 of 4096)  relu  drop7
 *   == exchange drop7 -> fc8: gather 2 x 2048 ==
 * fc8 (500 of 1000: split, as the paper's "half of the neurons of every layer")
 *   == exchange fc8 -> prob: gather 2 x 500 logits ==
 * softmax (replicated: both devices compute the same probabilities, loss and logit gradients)
 * </pre>
 * Backward, every exchange into a split layer (conv3, fc6, fc7, fc8) sums the two devices' partial
 * input gradients (each device pulls the peer's partial of its own slice); the exchange into the
 * softmax moves nothing backward, as both devices hold the same logit gradients.
 *
 * <p>The tower is derived from the description, not written out: a conv with groups 2 reads its
 * device's half, a conv with groups 1 or an fc layer reads everything (an exchange is inserted when
 * the layer below is split), LRN with groups 2 normalizes each device's maps on their own; so the
 * ablations no-lrn, no-overlap, no-dropout and tanh split too. Nets that mix maps across the device
 * boundary elsewhere (LRN with groups 1 on split maps, as in the one-gpu ablation) are refused.
 *
 * <p>Each device runs its tower on its own worker thread with its own kernel threads; the coordinator
 * (the caller's thread) starts both and joins them. A failure in one device aborts the other at its
 * next exchange or layer and is rethrown as a {@link DeviceFailureException} naming the device and
 * the layer. Parameters change only in {@link #update}, which the trainer calls after a backward pass
 * that succeeded on both devices.
 */
public final class TwoDeviceNet implements Network {

    public static final int DEVICES = 2;

    /** Called before each layer or exchange of a device; tests use it to make a device fail. */
    interface FaultHook {
        void before(String device, String layer, boolean backward);
    }

    /** A conv or fc layer of the description and the slice of its outputs each device holds. */
    private record Split(int layerIndex, OutputSlices slices, Param[] weight, Param[] bias) {
    }

    private final NetSpec spec;
    private final int maxBatch;
    private final long seed;
    private final JvmDevice[] devices = new JvmDevice[DEVICES];
    private final Blob input;
    private final TransferStats stats = new TransferStats(DEVICES);
    private final List<Split> splits = new ArrayList<>();
    private volatile FaultHook faultHook;
    /** The step of the last training forward (-1 after a test pass), for error messages. */
    private long lastStep = -1;

    /**
     * Builds both towers of {@code spec} for batches of up to {@code maxBatch}; {@code seed} drives
     * the dropout masks (the same masks as a one-device {@code Net} with this seed);
     * {@code threadsPerDevice} kernel threads on each device.
     */
    public TwoDeviceNet(NetSpec spec, int maxBatch, long seed, int threadsPerDevice) {
        this.spec = spec;
        this.maxBatch = maxBatch;
        this.seed = seed;
        spec.describe();
        Shape shape = spec.input();
        this.input = new Blob(shape, maxBatch);
        for (int d = 0; d < DEVICES; d++) {
            devices[d] = new JvmDevice(d, threadsPerDevice, maxBatch);
        }
        try {
            build(shape);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void build(Shape shape) {
        Blob[] current = new Blob[DEVICES];
        int[] lo = new int[DEVICES];
        int[] hi = new int[DEVICES];
        for (int d = 0; d < DEVICES; d++) {
            devices[d].input = new Blob(shape, maxBatch);
            current[d] = devices[d].input;
            hi[d] = shape.channels();
        }
        boolean split = false;
        String below = "input";
        List<LayerSpec> layers = spec.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            Shape whole = layer.output(shape);
            boolean readsAll = layer instanceof LayerSpec.FullyConnected || layer instanceof LayerSpec.Softmax
                    || (layer instanceof LayerSpec.Conv && ((LayerSpec.Conv) layer).groups() == 1);
            if (layer instanceof LayerSpec.Conv && ((LayerSpec.Conv) layer).groups() != 1
                    && (((LayerSpec.Conv) layer).groups() != DEVICES || !split)) {
                throw unsupported(layer, "a grouped convolution splits across two devices only with groups 2 "
                        + "on maps that are already split");
            }
            if (layer instanceof LayerSpec.Lrn && split && ((LayerSpec.Lrn) layer).groups() != DEVICES) {
                throw unsupported(layer, "LRN with groups " + ((LayerSpec.Lrn) layer).groups()
                        + " normalizes across the device boundary (the paper's nets use groups 2)");
            }
            if (split && readsAll) {
                String point = below + " -> " + layer.name();
                stats.point(point);
                Exchange[] ends = new Exchange[DEVICES];
                int plane = shape.height() * shape.width();
                for (int d = 0; d < DEVICES; d++) {
                    Blob received = new Blob(shape, maxBatch);
                    ends[d] = new Exchange(point, d, current[d], received, plane, lo[d], hi[d],
                            !(layer instanceof LayerSpec.Softmax), stats);
                    devices[d].ops.add(ends[d]);
                    current[d] = received;
                    lo[d] = 0;
                    hi[d] = shape.channels();
                }
                Exchange.connect(ends[0], ends[1]);
                split = false;
            }
            boolean splitsOutputs = layer instanceof LayerSpec.Conv || layer instanceof LayerSpec.FullyConnected;
            Split outputSplit = splitsOutputs ? new Split(i, new OutputSlices(layer instanceof LayerSpec.FullyConnected,
                    whole.channels()), new Param[DEVICES], new Param[DEVICES]) : null;
            for (int d = 0; d < DEVICES; d++) {
                JvmDevice device = devices[d];
                Shape in = current[d].shape();
                LayerSpec part = layer;
                Layer tower;
                if (splitsOutputs) {
                    int first = outputSplit.slices().lo(d);
                    int end = outputSplit.slices().hi(d);
                    part = half(layer, device.name(), end - first);
                    tower = Layers.create(part, in, maxBatch, spec.init(), seed, i);
                    outputSplit.weight()[d] = tower.params().get(0);
                    outputSplit.bias()[d] = tower.params().get(1);
                    lo[d] = first;
                    hi[d] = end;
                } else if (layer instanceof LayerSpec.Dropout) {
                    DropoutLayer reference = (DropoutLayer) Layers.create(layer, shape, 1, spec.init(), seed, i);
                    tower = new SlicedDropoutLayer(reference, ((LayerSpec.Dropout) layer).dropProbability(), shape,
                            lo[d], hi[d]);
                } else if (layer instanceof LayerSpec.Lrn && split) {
                    LayerSpec.Lrn lrn = (LayerSpec.Lrn) layer;
                    part = new LayerSpec.Lrn(lrn.name(), lrn.n(), lrn.k(), lrn.alpha(), lrn.beta(), 1);
                    tower = Layers.create(part, in, maxBatch, spec.init(), seed, i);
                } else {
                    tower = Layers.create(layer, in, maxBatch, spec.init(), seed, i);
                }
                Blob out = new Blob(tower.outputShape(), maxBatch);
                device.ops.add(new TowerOp.LayerOp(layer.name(), part, tower, current[d], out, current[d] != device.input));
                device.params.addAll(tower.params());
                if (tower instanceof SoftmaxLossLayer) {
                    device.loss = (SoftmaxLossLayer) tower;
                    device.output = out;
                }
                current[d] = out;
            }
            if (splitsOutputs) {
                splits.add(outputSplit);
                split = true;
            }
            shape = whole;
            below = layer.name();
        }
    }

    /** The device's part of a conv or fc layer: {@code outputs} of its outputs, groups 1, params "jvm0/conv1.*". */
    private static LayerSpec half(LayerSpec layer, String device, int outputs) {
        if (layer instanceof LayerSpec.Conv) {
            LayerSpec.Conv c = (LayerSpec.Conv) layer;
            return new LayerSpec.Conv(device + "/" + c.name(), outputs, c.size(), c.stride(), c.pad(), 1, c.biasInit());
        }
        LayerSpec.FullyConnected fc = (LayerSpec.FullyConnected) layer;
        return new LayerSpec.FullyConnected(device + "/" + fc.name(), outputs, fc.biasInit());
    }

    private IllegalArgumentException unsupported(LayerSpec layer, String why) {
        return new IllegalArgumentException(spec.name() + " cannot be split across two devices at layer "
                + layer.name() + ": " + why);
    }

    @Override
    public NetSpec spec() {
        return spec;
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    /** The host's staging blob: a batch written here is copied to both devices by {@link #forward}. */
    @Override
    public Blob input() {
        return input;
    }

    public List<JvmDevice> devices() {
        return List.of(devices);
    }

    /**
     * Device {@code d}'s program, read-only, for executors that run the towers elsewhere (TornadoVM):
     * its layers with their tower descriptions and blobs, and its ends of the exchanges, in forward order.
     */
    public List<TowerStage> tower(int d) {
        List<TowerStage> stages = new ArrayList<>();
        for (TowerOp op : devices[d].ops) {
            if (op instanceof TowerOp.LayerOp layer) {
                stages.add(new TowerStage.Compute(layer.name, layer.spec, layer.layer, layer.in, layer.out, layer.propagateDown));
            } else {
                stages.add(((Exchange) op).stage());
            }
        }
        return stages;
    }

    /** Device {@code d}'s input blob: {@link #forward} copies the host's batch here. */
    public Blob deviceInput(int d) {
        return devices[d].input;
    }

    /** Bytes moved and time at exchanges since the last {@link TransferStats#reset}. */
    public TransferStats transfers() {
        return stats;
    }

    /** Device 0's parameters, then device 1's; names "jvm0/conv1.weight", ... */
    @Override
    public List<Param> params() {
        List<Param> all = new ArrayList<>();
        for (JvmDevice device : devices) {
            all.addAll(device.params);
        }
        return all;
    }

    /**
     * Draws the one-device net's initial weights (the same random numbers in the same order as
     * {@code Net.initialize(seed)}, one layer at a time) and gives each device its slices; so both
     * nets start from the same point.
     */
    @Override
    public void initialize(long initSeed) {
        Random random = new Random(initSeed);
        Shape shape = spec.input();
        int next = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            if (layer instanceof LayerSpec.Conv || layer instanceof LayerSpec.FullyConnected) {
                Layer whole = Layers.create(layer, shape, 1, spec.init(), seed, i);
                whole.initialize(random);
                Split split = splits.get(next++);
                scatter(split, whole.params().get(0).value(), whole.params().get(1).value(), false);
            }
            shape = layer.output(shape);
        }
    }

    /**
     * Sets every device's parameters (values and momentum) from the parameters of a one-device net
     * of the same description, in its order ({@code Net.params()}).
     */
    public void loadFrom(List<Param> oneDevice) {
        checkOneDevice(oneDevice);
        for (int s = 0; s < splits.size(); s++) {
            scatter(splits.get(s), oneDevice.get(2 * s).value(), oneDevice.get(2 * s + 1).value(), false);
            scatter(splits.get(s), oneDevice.get(2 * s).velocity(), oneDevice.get(2 * s + 1).velocity(), true);
        }
    }

    /**
     * Reassembles the devices' slices into the parameters of a one-device net of the same
     * description: values, gradients of the last backward, and momentum.
     */
    public void storeInto(List<Param> oneDevice) {
        checkOneDevice(oneDevice);
        for (int s = 0; s < splits.size(); s++) {
            Split split = splits.get(s);
            Param weight = oneDevice.get(2 * s);
            Param bias = oneDevice.get(2 * s + 1);
            for (int d = 0; d < DEVICES; d++) {
                OutputSlices slices = split.slices();
                slices.copy(d, true, weight.value(), split.weight()[d].value(), false);
                slices.copy(d, true, weight.grad(), split.weight()[d].grad(), false);
                slices.copy(d, true, weight.velocity(), split.weight()[d].velocity(), false);
                slices.copy(d, false, bias.value(), split.bias()[d].value(), false);
                slices.copy(d, false, bias.grad(), split.bias()[d].grad(), false);
                slices.copy(d, false, bias.velocity(), split.bias()[d].velocity(), false);
            }
        }
    }

    private void checkOneDevice(List<Param> oneDevice) {
        if (oneDevice.size() != 2 * splits.size()) {
            throw new IllegalArgumentException(oneDevice.size() + " parameters given for a net with "
                    + 2 * splits.size());
        }
    }

    private void scatter(Split split, float[] weight, float[] bias, boolean velocity) {
        for (int d = 0; d < DEVICES; d++) {
            OutputSlices slices = split.slices();
            slices.copy(d, true, weight, velocity ? split.weight()[d].velocity() : split.weight()[d].value(), true);
            slices.copy(d, false, bias, velocity ? split.bias()[d].velocity() : split.bias()[d].value(), true);
        }
    }

    /**
     * Runs the batch in {@link #input()} on both devices; {@code device} is not used (each device
     * has its own kernel threads). Returns the mean loss, which both devices compute alike.
     */
    @Override
    public float forward(int[] labels, int batch, Layer.Pass pass, JvmExecutor device) {
        checkBatch(batch);
        long step = pass.training() ? pass.step() : -1;
        run("forward", step, (on, sync) -> {
            on.current = "input";
            System.arraycopy(input.data(), 0, on.input.data(), 0, batch * input.shape().size());
            stats.input(4L * batch * input.shape().size());
            System.arraycopy(labels, 0, on.labels, 0, batch);
            on.loss.setLabels(on.labels);
            for (TowerOp op : on.ops) {
                enter(on, op, sync, false);
                op.forward(on, batch, pass, sync);
            }
        });
        lastStep = step;
        return devices[0].loss.meanLoss(batch);
    }

    @Override
    public void backward(int batch, JvmExecutor device) {
        checkBatch(batch);
        run("backward", lastStep, (on, sync) -> {
            for (int i = on.ops.size() - 1; i >= 0; i--) {
                TowerOp op = on.ops.get(i);
                enter(on, op, sync, true);
                op.backward(on, batch, sync);
            }
        });
        stats.step();
    }

    /**
     * The SGD step on each device's own parameters, on its own threads (the same arithmetic per
     * element as the one-device net's). Call only after a backward that returned normally.
     */
    @Override
    public void update(float rate, float momentum, float weightDecay, JvmExecutor device) {
        run("update", lastStep, (on, sync) -> {
            on.current = "sgd update";
            for (Param param : on.params) {
                sync.check();
                on.kernels().parallelFor(param.size(), (first, count) -> Sgd.update(param.value(), param.velocity(),
                        param.grad(), rate, momentum, weightDecay, first, count));
            }
        });
    }

    /** Softmax output of the last forward (device 0's copy; device 1 holds the same). */
    @Override
    public float[] probabilities() {
        return devices[0].output.data();
    }

    /** Device {@code d}'s probabilities, for tests. */
    float[] probabilities(int d) {
        return devices[d].output.data();
    }

    void injectFaults(FaultHook hook) {
        this.faultHook = hook;
    }

    private void enter(JvmDevice on, TowerOp op, StepSync sync, boolean backward) {
        sync.check();
        on.current = op.name;
        FaultHook hook = faultHook;
        if (hook != null) {
            hook.before(on.name(), op.name, backward);
        }
    }

    private interface DeviceWork {
        void run(JvmDevice device, StepSync sync);
    }

    /**
     * Runs {@code work} on every device's worker and waits for all. The first device that throws
     * aborts the others (at their next exchange or layer); once all have stopped, its failure is
     * rethrown, naming the device and the layer.
     */
    private void run(String phase, long step, DeviceWork work) {
        StepSync sync = new StepSync(DEVICES, stats);
        long start = System.nanoTime();
        List<Future<Void>> futures = new ArrayList<>(DEVICES);
        RuntimeException unexpected = null;
        for (JvmDevice on : devices) {
            try {
                futures.add(on.submit(() -> {
                    try {
                        work.run(on, sync);
                    } catch (StepSync.Cancelled cancelled) {
                        throw cancelled;
                    } catch (Throwable failure) {
                        sync.abort();
                        throw new DeviceFailureException(on.name(), on.current, phase, step, failure);
                    }
                    return null;
                }));
            } catch (RuntimeException e) {
                // Not started (the net was closed): the devices already started must not wait for it.
                sync.abort();
                unexpected = new IllegalStateException("device " + on.name() + " could not start its " + phase, e);
                break;
            }
        }
        DeviceFailureException failure = null;
        boolean interrupted = false;
        for (Future<Void> future : futures) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    // Stop the devices, but still wait for them: no device may run on behind our back.
                    interrupted = true;
                    sync.abort();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof DeviceFailureException) {
                        if (failure == null) {
                            failure = (DeviceFailureException) cause;
                        } else {
                            failure.addSuppressed(cause);
                        }
                    } else if (!(cause instanceof StepSync.Cancelled) && unexpected == null) {
                        unexpected = new IllegalStateException("device worker failed", cause);
                    }
                    break;
                }
            }
        }
        stats.worked(System.nanoTime() - start);
        if (interrupted) {
            Thread.currentThread().interrupt();
            if (failure == null) {
                throw new IllegalStateException("interrupted during " + phase + "; the step was stopped on every device");
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (unexpected != null) {
            throw unexpected;
        }
    }

    private void checkBatch(int batch) {
        if (batch < 1 || batch > maxBatch) {
            throw new IllegalArgumentException("batch " + batch + " outside 1.." + maxBatch);
        }
    }

    @Override
    public void close() {
        for (JvmDevice device : devices) {
            if (device != null) {
                device.close();
            }
        }
    }
}

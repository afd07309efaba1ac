package alexnet.tornado;

import alexnet.kernels.JvmExecutor;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.Net;
import alexnet.net.Network;
import alexnet.net.Param;
import alexnet.net.spec.NetSpec;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * A {@link Network} whose training steps run on a TornadoVM device: every {@link #trainStep} is one
 * execution of a {@link TornadoTrainingStep} graph (forward, backward and the SGD update fused), with
 * the parameters and velocities staying on the device between steps; per step only the input batch,
 * the labels, the dropout seeds and the learning rate go in, and only the losses and probabilities
 * come back.
 *
 * <p>A JVM {@link Net} of the same spec holds the host copies: its parameters are what the graph
 * starts from (after {@link #initialize} or a checkpoint restored through {@link #params()}), and
 * what {@link #params()} returns, synced from the device first (for a checkpoint). Evaluation
 * ({@link #forward} with {@code pass.training() == false}) syncs the parameters and runs that Net's
 * forward on the JVM, so it takes any batch up to {@link #maxBatch()}.
 *
 * <p>Contract: training goes only through {@link #trainStep}, for batches of exactly
 * {@link #maxBatch()} (the graph is compiled for one batch size; the Trainer's training batches are
 * always whole); a training {@link #forward}, {@link #backward} and {@link #update} are refused. The
 * graph is built (and TornadoVM compiles it) at the first training step, with that step's momentum and
 * weight decay compiled in; writes into {@link #params()} reach the device only before that step, or
 * after {@link #initialize}, which discards the graph.
 */
public final class TornadoNetwork implements Network {

    private static final Logger log = LoggerFactory.getLogger(TornadoNetwork.class);

    private final Net net;
    private final TornadoDevice device;
    private TornadoTrainingStep graph;
    private float momentum;
    private float weightDecay;
    /** The device's parameters are newer than the Net's arrays. */
    private boolean hostStale;
    /** The last run was a training step (its probabilities are the graph's). */
    private boolean lastTrained;

    public TornadoNetwork(NetSpec spec, int batch, long seed, TornadoDevice device) {
        this.net = new Net(spec, batch, seed);
        this.device = device;
    }

    @Override
    public NetSpec spec() {
        return net.spec();
    }

    @Override
    public int maxBatch() {
        return net.maxBatch();
    }

    @Override
    public Blob input() {
        return net.input();
    }

    @Override
    public float trainStep(int[] labels, int batch, long step, float rate, float momentum, float weightDecay,
                           JvmExecutor jvm) {
        if (batch != net.maxBatch()) {
            throw new IllegalArgumentException("the TornadoVM step graph trains batches of " + net.maxBatch()
                    + " images, got " + batch);
        }
        if (graph == null) {
            long start = System.nanoTime();
            graph = new TornadoTrainingStep(net, batch, device, momentum, weightDecay);
            this.momentum = momentum;
            this.weightDecay = weightDecay;
            log.info("step graph of {} tasks for batch {} on {}; TornadoVM compiles it at the first step",
                    graph.tasks(), batch, TornadoDevices.name(device));
            float loss = run(labels, step, rate);
            log.info(String.format("first step (compilation included): %.1f s", (System.nanoTime() - start) / 1e9));
            return loss;
        }
        if (momentum != this.momentum || weightDecay != this.weightDecay) {
            throw new IllegalArgumentException("momentum " + momentum + " and weight decay " + weightDecay
                    + " differ from those compiled into the step graph (" + this.momentum + ", " + this.weightDecay + ")");
        }
        return run(labels, step, rate);
    }

    private float run(int[] labels, long step, float rate) {
        float loss = graph.step(net.input().data(), labels, step, rate);
        hostStale = true;
        lastTrained = true;
        return loss;
    }

    /** Evaluation only: the Net's forward on the JVM with the device's parameters. */
    @Override
    public float forward(int[] labels, int batch, Layer.Pass pass, JvmExecutor jvm) {
        if (pass.training()) {
            throw new UnsupportedOperationException("a TornadoNetwork trains only through trainStep (one fused graph)");
        }
        syncToHost();
        lastTrained = false;
        return net.forward(labels, batch, pass, jvm);
    }

    @Override
    public void backward(int batch, JvmExecutor jvm) {
        throw new UnsupportedOperationException("a TornadoNetwork's backward runs inside trainStep");
    }

    @Override
    public void update(float rate, float momentum, float weightDecay, JvmExecutor jvm) {
        throw new UnsupportedOperationException("a TornadoNetwork's update runs inside trainStep");
    }

    @Override
    public float[] probabilities() {
        return lastTrained ? graph.probabilities() : net.probabilities();
    }

    /** The Net's parameters, with the device's values and velocities copied in first. */
    @Override
    public List<Param> params() {
        syncToHost();
        return net.params();
    }

    /** Initialises the Net's parameters; a graph built earlier is discarded (the next step builds one). */
    @Override
    public void initialize(long seed) {
        closeGraph();
        net.initialize(seed);
    }

    private void syncToHost() {
        if (hostStale) {
            graph.syncToHost();
            hostStale = false;
        }
    }

    private void closeGraph() {
        if (graph != null) {
            syncToHost();
            graph.close();
            graph = null;
            lastTrained = false;
        }
    }

    @Override
    public void close() {
        closeGraph();
    }
}

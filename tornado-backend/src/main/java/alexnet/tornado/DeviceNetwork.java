package alexnet.tornado;

import alexnet.kernels.JvmExecutor;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.Network;
import alexnet.net.Param;
import alexnet.net.spec.NetSpec;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Network} whose training steps run on TornadoVM devices, with a JVM net of the same
 * description holding the host copies: the parameters the device graphs start from (after
 * {@link #initialize} or a checkpoint restored through {@link #params()}), and what {@link #params()}
 * returns, synced from the devices first. Evaluation ({@link #forward} with
 * {@code pass.training() == false}) syncs the parameters and runs the host net on the JVM, so it takes
 * any batch up to {@link #maxBatch()}.
 *
 * <p>Contract: training goes only through {@link #trainStep}, for batches of exactly
 * {@link #maxBatch()} (the graphs are compiled for one batch size; the Trainer's training batches are
 * always whole); a training {@link #forward}, {@link #backward} and {@link #update} are refused. The
 * graphs are built (and TornadoVM compiles them) at the first training step, with that step's momentum
 * and weight decay compiled in; writes into {@link #params()} reach the devices only before that step,
 * or after {@link #initialize}, which discards the graphs.
 */
abstract class DeviceNetwork implements Network {

    private static final Logger log = LoggerFactory.getLogger(DeviceNetwork.class);

    private final Network host;
    private boolean built;
    private float momentum;
    private float weightDecay;
    /** The devices' parameters are newer than the host's arrays. */
    private boolean hostStale;
    /** The last run was a training step (its probabilities are the devices'). */
    private boolean lastTrained;

    DeviceNetwork(Network host) {
        this.host = host;
    }

    /** Builds the graphs for batches of {@link #maxBatch()}, with {@code momentum} and {@code weightDecay}. */
    abstract void build(float momentum, float weightDecay);

    /** One SGD step on the batch in {@link #input()}; returns the mean loss. */
    abstract float step(int[] labels, int batch, long step, float rate);

    /** Softmax output of the last training step. */
    abstract float[] stepProbabilities();

    /** Copies every parameter and velocity from the devices into the host net's arrays. */
    abstract void copyToHost();

    /** Releases the graphs. */
    abstract void release();

    @Override
    public NetSpec spec() {
        return host.spec();
    }

    @Override
    public int maxBatch() {
        return host.maxBatch();
    }

    @Override
    public Blob input() {
        return host.input();
    }

    @Override
    public float trainStep(int[] labels, int batch, long step, float rate, float momentum, float weightDecay,
                           JvmExecutor jvm) {
        if (batch != maxBatch()) {
            throw new IllegalArgumentException("the TornadoVM graphs train batches of " + maxBatch() + " images, got "
                    + batch);
        }
        if (!built) {
            long start = System.nanoTime();
            build(momentum, weightDecay);
            built = true;
            this.momentum = momentum;
            this.weightDecay = weightDecay;
            float loss = run(labels, batch, step, rate);
            log.info(String.format("first step (compilation included): %.1f s", (System.nanoTime() - start) / 1e9));
            return loss;
        }
        if (momentum != this.momentum || weightDecay != this.weightDecay) {
            throw new IllegalArgumentException("momentum " + momentum + " and weight decay " + weightDecay
                    + " differ from those compiled into the graphs (" + this.momentum + ", " + this.weightDecay + ")");
        }
        return run(labels, batch, step, rate);
    }

    private float run(int[] labels, int batch, long step, float rate) {
        hostStale = true;
        lastTrained = true;
        return step(labels, batch, step, rate);
    }

    /** Evaluation only: the host net on the JVM with the devices' parameters. */
    @Override
    public float forward(int[] labels, int batch, Layer.Pass pass, JvmExecutor jvm) {
        if (pass.training()) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " trains only through trainStep");
        }
        syncToHost();
        lastTrained = false;
        return host.forward(labels, batch, pass, jvm);
    }

    @Override
    public void backward(int batch, JvmExecutor jvm) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + "'s backward runs inside trainStep");
    }

    @Override
    public void update(float rate, float momentum, float weightDecay, JvmExecutor jvm) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + "'s update runs inside trainStep");
    }

    @Override
    public float[] probabilities() {
        return lastTrained ? stepProbabilities() : host.probabilities();
    }

    /** The host net's parameters, with the devices' values and velocities copied in first. */
    @Override
    public List<Param> params() {
        syncToHost();
        return host.params();
    }

    /** Initialises the host net's parameters; graphs built earlier are discarded (the next step builds new ones). */
    @Override
    public void initialize(long seed) {
        releaseGraphs();
        host.initialize(seed);
    }

    void syncToHost() {
        if (hostStale) {
            copyToHost();
            hostStale = false;
        }
    }

    private void releaseGraphs() {
        if (built) {
            syncToHost();
            release();
            built = false;
            lastTrained = false;
        }
    }

    @Override
    public void close() {
        releaseGraphs();
        host.close();
    }
}

package alexnet.tornado;

import alexnet.net.Net;
import alexnet.net.spec.NetSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * A net whose training steps run on one TornadoVM device: every {@link #trainStep} is one execution
 * of a {@link TornadoTrainingStep} graph (forward, backward and the SGD update fused), with the
 * parameters and velocities staying on the device between steps; per step only the input batch, the
 * labels, the dropout seeds and the learning rate go in, and only the losses and probabilities come
 * back. A JVM {@link Net} of the same spec holds the host copies and evaluates (see
 * {@link DeviceNetwork} for the contract).
 */
public final class TornadoNetwork extends DeviceNetwork {

    private static final Logger log = LoggerFactory.getLogger(TornadoNetwork.class);

    private final Net net;
    private final TornadoDevice device;
    private TornadoTrainingStep graph;

    public TornadoNetwork(NetSpec spec, int batch, long seed, TornadoDevice device) {
        this(new Net(spec, batch, seed), device);
    }

    private TornadoNetwork(Net net, TornadoDevice device) {
        super(net);
        this.net = net;
        this.device = device;
    }

    @Override
    void build(float momentum, float weightDecay) {
        graph = new TornadoTrainingStep(net, maxBatch(), device, momentum, weightDecay,
                LaunchShapes.of(device));
        log.info("step graph of {} tasks for batch {} on {}; TornadoVM compiles it at the first step",
                graph.tasks().size(), maxBatch(), TornadoDevices.name(device));
    }

    @Override
    float step(int[] labels, int batch, long step, float rate) {
        return graph.step(net.input().data(), labels, step, rate);
    }

    @Override
    float[] stepProbabilities() {
        return graph.probabilities();
    }

    @Override
    void copyToHost() {
        graph.syncToHost();
    }

    @Override
    void release() {
        graph.close();
        graph = null;
    }
}

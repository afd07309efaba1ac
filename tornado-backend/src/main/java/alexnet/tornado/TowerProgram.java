package alexnet.tornado;

import alexnet.net.Blob;
import alexnet.net.Param;
import alexnet.net.parallel.TowerStage;
import alexnet.net.spec.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * One device's tower of a two-device step ({@link TowerStage}s of {@code TwoDeviceNet}) as a chain of
 * TornadoVM task graphs on one device, cut where the tower exchanges data with the other device:
 * <pre>
 * forward 0 .. forward m      (forward k: the layers between exchange k-1 and exchange k)
 * backward m .. backward 0    (the same layers' backward tasks, last layer first)
 * update                      (the paper's SGD step on every parameter of the tower)
 * </pre>
 * The coordinator runs them in that order and does the exchanges on the host between them.
 *
 * <p>What stays on the device: every array lives in the device memory of the first graph (in this
 * order) that uses it, which uploads it once (or, for the per-step inputs, every run); every later
 * graph takes the device buffers of all earlier graphs' arrays from the graph run just before it
 * (TornadoVM's persistOnDevice/consumeFromDevice: a consumer picks up the buffers of the graph executed
 * last), so parameters, velocities, activations and workspaces never leave the device. Per step, the
 * host sends the input batch, the labels, the dropout seeds and the learning rate, and each exchange's
 * slice; it gets back each exchange's slice, the losses and the probabilities.
 */
final class TowerProgram implements AutoCloseable {

    private static int programs;

    /** A graph of the chain before it is built: its tasks, and what crosses to and from the host every run. */
    private static final class Segment {
        final List<String> layers = new ArrayList<>();
        final List<LayerTasks.Task> tasks = new ArrayList<>();
        final List<Object> in = new ArrayList<>();
        final List<Object> out = new ArrayList<>();
    }

    private final String name;
    private final LayerTasks.StepArrays step;
    private final float[] learningRate = new float[1];
    private final List<Param> params;
    private final int forwardGraphs;
    private final List<List<String>> segmentLayers = new ArrayList<>();
    private final TornadoExecutionPlan plan;
    private TornadoExecutionResult lastUpdate;

    /**
     * The chain of {@code tower} (device input {@code input}, parameters {@code params}) for batches of
     * exactly {@code batch}; {@code momentum} and {@code weightDecay} are compiled into the update.
     */
    TowerProgram(String name, List<TowerStage> tower, Blob input, List<Param> params, int batch, TornadoDevice device,
                 float momentum, float weightDecay) {
        LaunchShapes launch = LaunchShapes.of(device);
        this.name = name;
        this.params = params;
        this.step = new LayerTasks.StepArrays(batch);
        List<Segment> forward = new ArrayList<>();
        List<Segment> backward = new ArrayList<>();
        Segment f = new Segment();
        Segment b = new Segment();
        f.in.add(input.data());
        for (TowerStage stage : tower) {
            if (stage instanceof TowerStage.Compute layer) {
                step.reserve(layer.spec(), layer.in().shape(), layer.out().shape());
            }
        }
        List<LayerTasks> layers = new ArrayList<>();
        for (TowerStage stage : tower) {
            if (stage instanceof TowerStage.Transfer transfer) {
                close(f, b, layers, forward, backward);
                f.out.add(transfer.own().data());
                b.in.add(transfer.own().grad());
                f = new Segment();
                b = new Segment();
                f.in.add(transfer.received().data());
                b.out.add(transfer.received().grad());
                continue;
            }
            TowerStage.Compute layer = (TowerStage.Compute) stage;
            f.layers.add(layer.name());
            layers.add(LayerTasks.of(name + "_" + layer.name(), layer.spec(), layer.layer(),
                    layer.in().shape(), layer.out().shape(), layer.in().data(), layer.in().grad(), layer.out().data(),
                    layer.out().grad(), batch, layer.propagateDown(), step, launch));
            if (layer.spec() instanceof LayerSpec.Softmax) {
                f.in.add(step.labels);
                f.out.add(step.loss);
                f.out.add(layer.out().data());
            }
        }
        close(f, b, layers, forward, backward);
        for (Segment segment : forward) {
            for (LayerTasks.Task task : segment.tasks) {
                for (Object array : task.arrays()) {
                    if (step.seeds.contains(array) && !segment.in.contains(array)) { // arrays: equals is identity
                        segment.in.add(array);
                    }
                }
            }
        }
        Segment update = new Segment();
        update.in.add(learningRate);
        int index = 0;
        for (Param param : params) {
            update.tasks.add(LayerTasks.sgd(name + "_sgd" + (index++), param, learningRate, momentum, weightDecay,
                    launch));
        }

        List<Segment> chain = new ArrayList<>(forward);
        for (int k = backward.size() - 1; k >= 0; k--) {
            chain.add(backward.get(k));
        }
        chain.add(update);
        this.forwardGraphs = forward.size();
        forward.forEach(segment -> segmentLayers.add(segment.layers));
        List<ImmutableTaskGraph> graphs = new ArrayList<>();
        List<Object> earlier = new ArrayList<>();
        Set<Object> seen = LayerTasks.identitySet();
        int id = programs++;
        GridScheduler scheduler = new GridScheduler();
        for (int g = 0; g < chain.size(); g++) {
            TaskGraph graph = graph(name + "_" + id + "_g" + g, chain.get(g), earlier, seen, scheduler);
            if (g == chain.size() - 1) {
                List<Object> onDemand = new ArrayList<>();
                for (Param param : params) {
                    onDemand.add(param.value());
                    onDemand.add(param.velocity());
                }
                graph.transferToHost(DataTransferMode.UNDER_DEMAND, onDemand.toArray());
            }
            graphs.add(graph.snapshot());
        }
        this.plan = new TornadoExecutionPlan(graphs.toArray(new ImmutableTaskGraph[0])).withDevice(device);
        LaunchShapes.configure(plan, scheduler);
    }

    /**
     * The task graph of {@code segment}: it takes over the device buffers of {@code earlier} (every
     * array of the graphs before it, which {@code seen} holds too), uploads the arrays it is the first
     * to use (once, or every run for its per-step inputs), and hands all of them on to the next graph.
     */
    private static TaskGraph graph(String graphName, Segment segment, List<Object> earlier, Set<Object> seen,
                                   GridScheduler scheduler) {
        TaskGraph graph = new TaskGraph(graphName);
        if (!earlier.isEmpty()) {
            graph.consumeFromDevice(earlier.toArray());
        }
        for (Object array : segment.in) {
            if (!seen.add(array)) {
                throw new IllegalStateException("a per-step input of graph " + graphName + " is used by an earlier graph");
            }
        }
        List<Object> resident = new ArrayList<>();
        for (LayerTasks.Task task : segment.tasks) {
            for (Object array : task.arrays()) {
                if (seen.add(array)) {
                    resident.add(array);
                }
            }
        }
        if (!resident.isEmpty()) {
            graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, resident.toArray());
        }
        graph.transferToDevice(DataTransferMode.EVERY_EXECUTION, segment.in.toArray());
        for (LayerTasks.Task task : segment.tasks) {
            task.addTo(graph, scheduler);
        }
        if (!segment.out.isEmpty()) {
            graph.transferToHost(DataTransferMode.EVERY_EXECUTION, segment.out.toArray());
        }
        earlier.addAll(resident);
        earlier.addAll(segment.in);
        graph.persistOnDevice(earlier.toArray());
        return graph;
    }

    /** Ends a segment: its forward tasks in layer order, its backward tasks last layer first. */
    private static void close(Segment f, Segment b, List<LayerTasks> layers, List<Segment> forward,
                              List<Segment> backward) {
        for (LayerTasks layer : layers) {
            f.tasks.addAll(layer.forward);
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            b.tasks.addAll(layers.get(i).backward);
        }
        layers.clear();
        forward.add(f);
        backward.add(b);
    }

    String name() {
        return name;
    }

    /** Forward graphs (one more than the exchanges); backward graphs are as many. */
    int segments() {
        return forwardGraphs;
    }

    /** The layers of forward (and backward) graph {@code segment}, e.g. "conv3 .. pool5". */
    String describe(int segment) {
        List<String> layers = segmentLayers.get(segment);
        return layers.size() == 1 ? layers.get(0) : layers.get(0) + " .. " + layers.get(layers.size() - 1);
    }

    /** Sets what changes every step: labels, dropout seeds, learning rate. */
    void prepare(int[] labels, long stepNumber, float rate) {
        System.arraycopy(labels, 0, step.labels, 0, step.labels.length);
        step.seeds(stepNumber);
        learningRate[0] = rate;
    }

    void forward(int segment) {
        plan.withGraph(segment).execute();
    }

    void backward(int segment) {
        plan.withGraph(2 * forwardGraphs - 1 - segment).execute();
    }

    void update() {
        lastUpdate = plan.withGraph(2 * forwardGraphs).execute();
    }

    /** Mean loss of the last forward over its examples, summed in example order. */
    float meanLoss() {
        return step.meanLoss();
    }

    /** Copies every parameter and velocity of the tower from the device into the host's arrays. */
    void syncToHost() {
        if (lastUpdate != null) {
            List<Object> arrays = new ArrayList<>();
            for (Param param : params) {
                arrays.add(param.value());
                arrays.add(param.velocity());
            }
            lastUpdate.transferToHost(arrays.toArray());
        }
    }

    @Override
    public void close() {
        try {
            plan.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the TornadoVM execution plan of " + name, e);
        }
    }
}

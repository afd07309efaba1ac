package alexnet.tornado;

import alexnet.kernels.Sgd;
import alexnet.net.Layer;
import alexnet.net.Net;
import alexnet.net.Param;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.Shape;
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
import uk.ac.manchester.tornado.api.enums.ProfilerMode;

/**
 * One SGD step of a {@link Net} (forward, backward, the paper's update of every parameter) as ONE
 * TornadoVM task graph for one batch size, on one device: each layer's tasks from {@link LayerTasks} (the
 * device kernels, one work-item per output, and {@link TiledGemm} on a GPU), each launched with its grid
 * ({@link LaunchShapes}), then the update of every parameter.
 *
 * <p>Data movement: parameters, velocities, gradients, activations and workspaces go to the device at the
 * first execution and stay there; every step sends only the input batch, the labels, the dropout seeds
 * and the learning rate (one-element arrays), and brings back only the per-example losses and the
 * probabilities. {@link #syncToHost()} copies parameters and velocities back into the Net's own arrays
 * (for a checkpoint or a JVM evaluation). Because TornadoVM specialises scalars into the compiled
 * kernels, the per-step values live in arrays ({@link DeviceKernels}); the batch size is a scalar, so a
 * new batch size means a new instance (a new compilation).
 *
 * <p>Activations are this class's own arrays, sized exactly for the batch (so every output array is
 * written whole); only the parameters are shared with the Net.
 */
public final class TornadoTrainingStep implements AutoCloseable {

    private static int graphs;

    private final int batch;
    private final int classes;
    private final float[] input;
    private final LayerTasks.StepArrays step;
    private final float[] probabilities;
    private final float[] learningRate = new float[1];
    private final List<Param> params;
    private final TornadoExecutionPlan plan;
    private final List<LayerTasks.Task> tasks;
    private final String graphName;
    private TornadoExecutionResult last;

    /**
     * The step with the paper's momentum and weight decay ({@link Sgd#MOMENTUM}, {@link Sgd#WEIGHT_DECAY})
     * and the device's launch shapes.
     */
    public TornadoTrainingStep(Net net, int batch, TornadoDevice device) {
        this(net, batch, device, Sgd.MOMENTUM, Sgd.WEIGHT_DECAY, LaunchShapes.of(device));
    }

    /**
     * The step of {@code net} for batches of exactly {@code batch} images; {@code momentum} and
     * {@code weightDecay} are compiled into the update kernels (the learning rate is not); {@code launch}
     * gives every launch its grid.
     */
    TornadoTrainingStep(Net net, int batch, TornadoDevice device, float momentum, float weightDecay,
                        LaunchShapes launch) {
        this.batch = batch;
        List<Layer> layers = net.layers();
        List<LayerSpec> specs = net.spec().layers();
        int depth = layers.size();
        Shape[] shapes = new Shape[depth + 1];
        shapes[0] = net.spec().input();
        for (int i = 0; i < depth; i++) {
            shapes[i + 1] = layers.get(i).outputShape();
        }
        float[][] data = new float[depth + 1][];
        float[][] grad = new float[depth + 1][];
        for (int i = 0; i <= depth; i++) {
            data[i] = new float[batch * shapes[i].size()];
            grad[i] = i == 0 ? null : new float[batch * shapes[i].size()];
        }
        this.input = data[0];
        this.classes = shapes[depth].size();
        this.probabilities = data[depth];
        this.params = net.params();

        this.step = new LayerTasks.StepArrays(batch);
        for (int i = 0; i < depth; i++) {
            step.reserve(specs.get(i), shapes[i], shapes[i + 1]);
        }
        List<LayerTasks> layerTasks = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            layerTasks.add(LayerTasks.of(specs.get(i).name(), specs.get(i), layers.get(i), shapes[i], shapes[i + 1],
                    data[i], grad[i], data[i + 1], grad[i + 1], batch, i > 0, step, launch));
        }
        List<LayerTasks.Task> ordered = new ArrayList<>();
        for (LayerTasks t : layerTasks) {
            ordered.addAll(t.forward);
        }
        // Backward: layers last to first, each layer's tasks in the order its JVM backward runs them.
        for (int i = depth - 1; i >= 0; i--) {
            ordered.addAll(layerTasks.get(i).backward);
        }
        List<Object> perStep = new ArrayList<>(List.of(input, step.labels, learningRate));
        perStep.addAll(step.seeds);
        int index = 0;
        for (Param param : params) {
            ordered.add(LayerTasks.sgd("sgd" + (index++), param, learningRate, momentum, weightDecay, launch));
        }
        List<Object> resident = new ArrayList<>();
        Set<Object> seen = LayerTasks.identitySet();
        seen.addAll(perStep);
        for (LayerTasks.Task task : ordered) {
            for (Object array : task.arrays()) {
                if (seen.add(array)) {
                    resident.add(array);
                }
            }
        }
        for (Param param : params) {
            for (Object array : List.of(param.value(), param.velocity(), param.grad())) {
                if (seen.add(array)) {
                    resident.add(array);
                }
            }
        }

        TaskGraph graph = new TaskGraph("step" + (graphs++));
        graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, resident.toArray());
        graph.transferToDevice(DataTransferMode.EVERY_EXECUTION, perStep.toArray());
        GridScheduler scheduler = new GridScheduler();
        for (LayerTasks.Task task : ordered) {
            task.addTo(graph, scheduler);
        }
        graph.transferToHost(DataTransferMode.EVERY_EXECUTION, step.loss, probabilities);
        List<Object> onDemand = new ArrayList<>();
        for (Param param : params) {
            onDemand.add(param.value());
            onDemand.add(param.velocity());
        }
        graph.transferToHost(DataTransferMode.UNDER_DEMAND, onDemand.toArray());
        this.tasks = List.copyOf(ordered);
        this.graphName = graph.getTaskGraphName();
        ImmutableTaskGraph snapshot = graph.snapshot();
        this.plan = new TornadoExecutionPlan(snapshot).withDevice(device);
        LaunchShapes.configure(plan, scheduler);
    }

    /** The step's tasks in the order they run: the layers' forward, their backward, the updates. */
    List<LayerTasks.Task> tasks() {
        return tasks;
    }

    /** The task graph's name: a task's profile is under "graph.task". */
    String graphName() {
        return graphName;
    }

    /** Records per-launch device times from the next execution on ({@link #profileLog()}). */
    void profile() {
        plan.withProfiler(ProfilerMode.SILENT);
    }

    /** Stops recording device times (the profiler's events cost time). */
    void stopProfiling() {
        plan.withoutProfiler();
    }

    /** TornadoVM's profile of the last execution, JSON with every task's kernel time. */
    String profileLog() {
        return last.getProfilerResult().getProfileLog();
    }

    public int batch() {
        return batch;
    }

    /**
     * One SGD step on {@code images} (batch x input, NCHW) and {@code labels}; {@code step} seeds the
     * dropout masks as the JVM path does. Returns the mean cross-entropy loss, summed in example order.
     */
    public float step(float[] images, int[] labels, long step, float rate) {
        System.arraycopy(images, 0, input, 0, input.length);
        for (int n = 0; n < batch; n++) {
            if (labels[n] < 0 || labels[n] >= classes) {
                throw new IllegalArgumentException("label " + labels[n] + " of example " + n + " outside 0.." + (classes - 1));
            }
        }
        System.arraycopy(labels, 0, this.step.labels, 0, batch);
        this.step.seeds(step);
        learningRate[0] = rate;
        last = plan.execute();
        return this.step.meanLoss();
    }

    /** Softmax output of the last step: [batch][classes]. */
    public float[] probabilities() {
        return probabilities;
    }

    /** Copies every parameter and velocity from the device into the Net's arrays. */
    public void syncToHost() {
        if (last != null) {
            List<Object> arrays = new ArrayList<>();
            for (Param param : params) {
                arrays.add(param.value());
                arrays.add(param.velocity());
            }
            last.transferToHost(arrays.toArray());
        }
    }

    @Override
    public void close() {
        try {
            plan.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the TornadoVM execution plan", e);
        }
    }
}

package alexnet.tornado;

import alexnet.kernels.Activations;
import alexnet.kernels.Bias;
import alexnet.kernels.Convolution;
import alexnet.kernels.Gemm;
import alexnet.kernels.LocalResponseNorm;
import alexnet.kernels.MaxPool;
import alexnet.kernels.Sgd;
import alexnet.kernels.SoftmaxCrossEntropy;
import alexnet.net.Layer;
import alexnet.net.Net;
import alexnet.net.Param;
import alexnet.net.layers.DropoutLayer;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.Shape;
import java.util.ArrayList;
import java.util.List;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * One SGD step of a {@link Net} (forward, backward, the paper's update of every parameter) as ONE
 * TornadoVM task graph for one batch size, on one device. Every task is a kernel of alexnet.kernels over
 * its whole parallel range, with the same arguments the layer classes pass on the JVM.
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
    private final int[] labels;
    private final float[] loss;
    private final float[] probabilities;
    private final float[] learningRate = new float[1];
    private final List<DropoutLayer> dropouts = new ArrayList<>();
    private final List<long[]> seeds = new ArrayList<>();
    private final List<Param> params;
    private final TornadoExecutionPlan plan;
    private final int tasks;
    private TornadoExecutionResult last;

    /** The step with the paper's momentum and weight decay ({@link Sgd#MOMENTUM}, {@link Sgd#WEIGHT_DECAY}). */
    public TornadoTrainingStep(Net net, int batch, TornadoDevice device) {
        this(net, batch, device, Sgd.MOMENTUM, Sgd.WEIGHT_DECAY);
    }

    /**
     * The step of {@code net} for batches of exactly {@code batch} images; {@code momentum} and
     * {@code weightDecay} are compiled into the update kernels (the learning rate is not).
     */
    public TornadoTrainingStep(Net net, int batch, TornadoDevice device, float momentum, float weightDecay) {
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
        this.labels = new int[batch];
        this.loss = new float[batch];
        this.probabilities = data[depth];
        this.params = net.params();

        TaskGraph graph = new TaskGraph("step" + (graphs++));
        List<Object> resident = new ArrayList<>();
        for (int i = 1; i <= depth; i++) {
            resident.add(data[i]);
            resident.add(grad[i]);
        }
        for (Param param : params) {
            resident.add(param.value());
            resident.add(param.velocity());
            resident.add(param.grad());
        }
        List<Object> perStep = new ArrayList<>(List.of(input, labels, learningRate));
        List<List<TaskAdder>> backwardByLayer = new ArrayList<>();
        List<TaskAdder> forwardTasks = new ArrayList<>();

        for (int i = 0; i < depth; i++) {
            LayerSpec spec = specs.get(i);
            Layer layer = layers.get(i);
            Shape in = shapes[i];
            Shape out = shapes[i + 1];
            float[] x = data[i];
            float[] y = data[i + 1];
            float[] dx = grad[i];
            float[] dy = grad[i + 1];
            boolean propagate = i > 0;
            String id = spec.name();
            List<TaskAdder> backwardTasks = new ArrayList<>();
            backwardByLayer.add(backwardTasks);
            int elements = batch * out.size();
            if (spec instanceof LayerSpec.Conv conv) {
                float[] w = layer.params().get(0).value();
                float[] b = layer.params().get(1).value();
                float[] dw = layer.params().get(0).grad();
                float[] db = layer.params().get(1).grad();
                int c = in.channels(), h = in.height(), wd = in.width(), k = conv.kernels(), s = conv.size();
                int st = conv.stride(), pd = conv.pad(), gr = conv.groups(), oh = out.height(), ow = out.width();
                forwardTasks.add(g -> g.task(id + "_fwd", Convolution::forward, x, w, b, y, batch, c, h, wd, k, s, st, pd,
                        gr, oh, ow, 0, batch * k));
                backwardTasks.add(g -> g.task(id + "_bwdW", Convolution::backwardWeights, x, dy, dw, db, batch, c, h, wd,
                        k, s, st, pd, gr, oh, ow, 0, k));
                if (propagate) {
                    backwardTasks.add(g -> g.task(id + "_bwdX", Convolution::backwardInput, dy, w, dx, batch, c, h, wd, k,
                            s, st, pd, gr, oh, ow, 0, batch * c));
                }
            } else if (spec instanceof LayerSpec.FullyConnected fc) {
                float[] w = layer.params().get(0).value();
                float[] b = layer.params().get(1).value();
                float[] dw = layer.params().get(0).grad();
                float[] db = layer.params().get(1).grad();
                int inputs = in.size(), outputs = fc.outputs();
                forwardTasks.add(g -> g.task(id + "_gemm", DeviceKernels::gemmNn, x, 0, w, 0, y, 0, batch, outputs, inputs,
                        0, 0, batch * outputs));
                forwardTasks.add(g -> g.task(id + "_bias", Bias::forward, y, b, outputs, 1, 0, batch * outputs));
                backwardTasks.add(g -> g.task(id + "_dW", DeviceKernels::gemmTn, x, 0, dy, 0, dw, 0, inputs, outputs, batch,
                        0, 0, inputs * outputs));
                backwardTasks.add(g -> g.task(id + "_db", Bias::backward, dy, db, batch, outputs, 1, 0, outputs));
                if (propagate) {
                    float[] dyT = new float[outputs * batch];
                    float[] dxT = new float[inputs * batch];
                    resident.add(dyT);
                    resident.add(dxT);
                    backwardTasks.add(g -> g.task(id + "_dyT", Gemm::transpose, dy, 0, dyT, 0, batch, outputs, 0,
                            outputs));
                    backwardTasks.add(g -> g.task(id + "_dxT", DeviceKernels::gemmNn, w, 0, dyT, 0, dxT, 0, inputs, batch,
                            outputs, 0, 0, inputs * batch));
                    backwardTasks.add(g -> g.task(id + "_dx", Gemm::transpose, dxT, 0, dx, 0, inputs, batch, 0, batch));
                }
            } else if (spec instanceof LayerSpec.Relu) {
                forwardTasks.add(g -> g.task(id + "_fwd", Activations::reluForward, x, y, 0, elements));
                backwardTasks.add(g -> g.task(id + "_bwd", Activations::reluBackward, y, dy, dx, 0, elements));
            } else if (spec instanceof LayerSpec.Tanh) {
                forwardTasks.add(g -> g.task(id + "_fwd", Activations::tanhForward, x, y, 0, elements));
                backwardTasks.add(g -> g.task(id + "_bwd", Activations::tanhBackward, y, dy, dx, 0, elements));
            } else if (spec instanceof LayerSpec.Lrn lrn) {
                float[] scale = new float[elements];
                resident.add(scale);
                int images = batch * lrn.groups(), maps = out.channels() / lrn.groups(), plane = out.height() * out.width();
                forwardTasks.add(g -> g.task(id + "_fwd", LocalResponseNorm::forward, x, y, scale, images, maps, plane,
                        lrn.k(), lrn.n(), lrn.alpha(), lrn.beta(), 0, images * maps));
                backwardTasks.add(g -> g.task(id + "_bwd", LocalResponseNorm::backward, x, y, scale, dy, dx, images, maps,
                        plane, lrn.n(), lrn.alpha(), lrn.beta(), 0, images * maps));
            } else if (spec instanceof LayerSpec.MaxPool pool) {
                int[] argmax = new int[elements];
                resident.add(argmax);
                int c = in.channels(), h = in.height(), wd = in.width(), oh = out.height(), ow = out.width();
                forwardTasks.add(g -> g.task(id + "_fwd", MaxPool::forward, x, y, argmax, batch, c, h, wd, pool.size(),
                        pool.stride(), oh, ow, 0, batch * c));
                backwardTasks.add(g -> g.task(id + "_bwd", MaxPool::backward, dy, argmax, dx, batch, c, h, wd, oh, ow, 0,
                        batch * c));
            } else if (spec instanceof LayerSpec.Dropout drop) {
                long[] seed = new long[1];
                dropouts.add((DropoutLayer) layer);
                seeds.add(seed);
                perStep.add(seed);
                float p = drop.dropProbability();
                forwardTasks.add(g -> g.task(id + "_fwd", DeviceKernels::dropoutForward, x, y, seed, p, 0, elements));
                backwardTasks.add(g -> g.task(id + "_bwd", DeviceKernels::dropoutBackward, dy, dx, seed, p, 0, elements));
            } else if (spec instanceof LayerSpec.Softmax) {
                int k = out.size();
                forwardTasks.add(g -> g.task(id + "_fwd", SoftmaxCrossEntropy::forward, x, labels, y, loss, k, 0, batch));
                backwardTasks.add(g -> g.task(id + "_bwd", SoftmaxCrossEntropy::backward, y, labels, dx, batch, k, 0,
                        batch));
            } else {
                throw new IllegalArgumentException("no TornadoVM tasks for layer " + spec);
            }
        }
        resident.add(loss);

        graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, resident.toArray());
        graph.transferToDevice(DataTransferMode.EVERY_EXECUTION, perStep.toArray());
        int count = 0;
        for (TaskAdder task : forwardTasks) {
            task.add(graph);
            count++;
        }
        // Backward: layers last to first, each layer's tasks in the order its JVM backward runs them.
        for (int i = depth - 1; i >= 0; i--) {
            for (TaskAdder task : backwardByLayer.get(i)) {
                task.add(graph);
                count++;
            }
        }
        int index = 0;
        for (Param param : params) {
            graph.task("sgd" + (index++), DeviceKernels::sgdUpdate, param.value(), param.velocity(), param.grad(),
                    learningRate, momentum, weightDecay, 0, param.size());
            count++;
        }
        graph.transferToHost(DataTransferMode.EVERY_EXECUTION, loss, probabilities);
        List<Object> onDemand = new ArrayList<>();
        for (Param param : params) {
            onDemand.add(param.value());
            onDemand.add(param.velocity());
        }
        graph.transferToHost(DataTransferMode.UNDER_DEMAND, onDemand.toArray());
        this.tasks = count;
        ImmutableTaskGraph snapshot = graph.snapshot();
        this.plan = new TornadoExecutionPlan(snapshot).withDevice(device);
    }

    /** Adds a task to a graph. */
    @FunctionalInterface
    private interface TaskAdder {
        TaskGraph add(TaskGraph graph);
    }

    public int tasks() {
        return tasks;
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
        System.arraycopy(labels, 0, this.labels, 0, batch);
        for (int i = 0; i < dropouts.size(); i++) {
            seeds.get(i)[0] = dropouts.get(i).seedAt(step);
        }
        learningRate[0] = rate;
        last = plan.execute();
        double sum = 0;
        for (int n = 0; n < batch; n++) {
            sum += loss[n];
        }
        return (float) (sum / batch);
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

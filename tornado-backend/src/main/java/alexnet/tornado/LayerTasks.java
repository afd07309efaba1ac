package alexnet.tornado;

import alexnet.kernels.Activations;
import alexnet.kernels.Bias;
import alexnet.kernels.Convolution;
import alexnet.kernels.Gemm;
import alexnet.kernels.LocalResponseNorm;
import alexnet.kernels.MaxPool;
import alexnet.kernels.SoftmaxCrossEntropy;
import alexnet.net.Layer;
import alexnet.net.layers.DropoutLayer;
import alexnet.net.parallel.SlicedDropoutLayer;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import uk.ac.manchester.tornado.api.TaskGraph;

/**
 * The TornadoVM tasks of one layer of a training step: its forward tasks, its backward tasks (in the
 * order its JVM backward runs them), each with the arrays it touches, over the layer's blobs
 * ({@code x}/{@code dx} in, {@code y}/{@code dy} out, exactly {@code batch} examples). Each task is a
 * kernel of alexnet.kernels (or its {@link DeviceKernels} twin) over its whole parallel range with the
 * arguments the layer classes pass on the JVM.
 */
final class LayerTasks {

    /** Adds a task to a graph. */
    @FunctionalInterface
    interface TaskAdder {
        TaskGraph add(TaskGraph graph);
    }

    /** One task and every array it reads or writes. */
    record Task(List<Object> arrays, TaskAdder adder) {
    }

    /**
     * The arrays of a training step that change every step, shared by the layers that use them: the
     * labels and per-example losses (softmax), and one one-element seed array per dropout layer, with
     * the function that gives its seed at a step.
     */
    static final class StepArrays {
        final int[] labels;
        final float[] loss;
        final List<long[]> seeds = new ArrayList<>();
        final List<LongUnaryOperator> seedAt = new ArrayList<>();

        StepArrays(int batch) {
            this.labels = new int[batch];
            this.loss = new float[batch];
        }

        long[] seed(LongUnaryOperator seedOfStep) {
            long[] seed = new long[1];
            seeds.add(seed);
            seedAt.add(seedOfStep);
            return seed;
        }

        /** Writes every dropout layer's seed of {@code step}. */
        void seeds(long step) {
            for (int i = 0; i < seeds.size(); i++) {
                seeds.get(i)[0] = seedAt.get(i).applyAsLong(step);
            }
        }

        /** Mean of the last forward's per-example losses, summed in example order. */
        float meanLoss() {
            double sum = 0;
            for (float l : loss) {
                sum += l;
            }
            return (float) (sum / loss.length);
        }
    }

    /** An empty set of arrays by identity (two arrays with equal contents are still two arrays). */
    static Set<Object> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    final List<Task> forward = new ArrayList<>();
    final List<Task> backward = new ArrayList<>();

    private LayerTasks() {
    }

    private void forward(TaskAdder adder, Object... arrays) {
        forward.add(new Task(List.of(arrays), adder));
    }

    private void backward(TaskAdder adder, Object... arrays) {
        backward.add(new Task(List.of(arrays), adder));
    }

    /**
     * The tasks of layer {@code spec} (parameters in {@code layer}) from {@code in} to {@code out};
     * {@code id} names them (unique within a graph); {@code propagate}: compute {@code dx}.
     */
    static LayerTasks of(String id, LayerSpec spec, Layer layer, Shape in, Shape out, float[] x, float[] dx,
                         float[] y, float[] dy, int batch, boolean propagate, StepArrays step) {
        LayerTasks t = new LayerTasks();
        int elements = batch * out.size();
        if (spec instanceof LayerSpec.Conv conv) {
            float[] w = layer.params().get(0).value();
            float[] b = layer.params().get(1).value();
            float[] dw = layer.params().get(0).grad();
            float[] db = layer.params().get(1).grad();
            int c = in.channels(), h = in.height(), wd = in.width(), k = conv.kernels(), s = conv.size();
            int st = conv.stride(), pd = conv.pad(), gr = conv.groups(), oh = out.height(), ow = out.width();
            t.forward(g -> g.task(id + "_fwd", Convolution::forward, x, w, b, y, batch, c, h, wd, k, s, st, pd, gr, oh, ow,
                    0, batch * k), x, w, b, y);
            t.backward(g -> g.task(id + "_bwdW", Convolution::backwardWeights, x, dy, dw, db, batch, c, h, wd, k, s, st,
                    pd, gr, oh, ow, 0, k), x, dy, dw, db);
            if (propagate) {
                t.backward(g -> g.task(id + "_bwdX", Convolution::backwardInput, dy, w, dx, batch, c, h, wd, k, s, st, pd,
                        gr, oh, ow, 0, batch * c), dy, w, dx);
            }
        } else if (spec instanceof LayerSpec.FullyConnected fc) {
            float[] w = layer.params().get(0).value();
            float[] b = layer.params().get(1).value();
            float[] dw = layer.params().get(0).grad();
            float[] db = layer.params().get(1).grad();
            int inputs = in.size(), outputs = fc.outputs();
            t.forward(g -> g.task(id + "_gemm", DeviceKernels::gemmNn, x, 0, w, 0, y, 0, batch, outputs, inputs, 0, 0,
                    batch * outputs), x, w, y);
            t.forward(g -> g.task(id + "_bias", Bias::forward, y, b, outputs, 1, 0, batch * outputs), y, b);
            t.backward(g -> g.task(id + "_dW", DeviceKernels::gemmTn, x, 0, dy, 0, dw, 0, inputs, outputs, batch, 0, 0,
                    inputs * outputs), x, dy, dw);
            t.backward(g -> g.task(id + "_db", Bias::backward, dy, db, batch, outputs, 1, 0, outputs), dy, db);
            if (propagate) {
                float[] dyT = new float[outputs * batch];
                float[] dxT = new float[inputs * batch];
                t.backward(g -> g.task(id + "_dyT", Gemm::transpose, dy, 0, dyT, 0, batch, outputs, 0, outputs), dy, dyT);
                t.backward(g -> g.task(id + "_dxT", DeviceKernels::gemmNn, w, 0, dyT, 0, dxT, 0, inputs, batch, outputs,
                        0, 0, inputs * batch), w, dyT, dxT);
                t.backward(g -> g.task(id + "_dx", Gemm::transpose, dxT, 0, dx, 0, inputs, batch, 0, batch), dxT, dx);
            }
        } else if (spec instanceof LayerSpec.Relu) {
            t.forward(g -> g.task(id + "_fwd", Activations::reluForward, x, y, 0, elements), x, y);
            t.backward(g -> g.task(id + "_bwd", Activations::reluBackward, y, dy, dx, 0, elements), y, dy, dx);
        } else if (spec instanceof LayerSpec.Tanh) {
            t.forward(g -> g.task(id + "_fwd", Activations::tanhForward, x, y, 0, elements), x, y);
            t.backward(g -> g.task(id + "_bwd", Activations::tanhBackward, y, dy, dx, 0, elements), y, dy, dx);
        } else if (spec instanceof LayerSpec.Lrn lrn) {
            float[] scale = new float[elements];
            int images = batch * lrn.groups(), maps = out.channels() / lrn.groups(), plane = out.height() * out.width();
            t.forward(g -> g.task(id + "_fwd", LocalResponseNorm::forward, x, y, scale, images, maps, plane, lrn.k(),
                    lrn.n(), lrn.alpha(), lrn.beta(), 0, images * maps), x, y, scale);
            t.backward(g -> g.task(id + "_bwd", LocalResponseNorm::backward, x, y, scale, dy, dx, images, maps, plane,
                    lrn.n(), lrn.alpha(), lrn.beta(), 0, images * maps), x, y, scale, dy, dx);
        } else if (spec instanceof LayerSpec.MaxPool pool) {
            int[] argmax = new int[elements];
            int c = in.channels(), h = in.height(), wd = in.width(), oh = out.height(), ow = out.width();
            t.forward(g -> g.task(id + "_fwd", MaxPool::forward, x, y, argmax, batch, c, h, wd, pool.size(), pool.stride(),
                    oh, ow, 0, batch * c), x, y, argmax);
            t.backward(g -> g.task(id + "_bwd", MaxPool::backward, dy, argmax, dx, batch, c, h, wd, oh, ow, 0, batch * c),
                    dy, argmax, dx);
        } else if (spec instanceof LayerSpec.Dropout drop) {
            // The whole tensor (one device), or one device's slice of it with the one-device net's masks.
            int slice = out.size(), whole, offset;
            long[] seed;
            if (layer instanceof SlicedDropoutLayer sliced) {
                whole = sliced.whole();
                offset = sliced.offset();
                seed = step.seed(sliced::seedAt);
            } else {
                whole = slice;
                offset = 0;
                seed = step.seed(((DropoutLayer) layer)::seedAt);
            }
            float p = drop.dropProbability();
            t.forward(g -> g.task(id + "_fwd", DeviceKernels::dropoutForward, x, y, seed, p, slice, whole, offset, 0,
                    elements), x, y, seed);
            t.backward(g -> g.task(id + "_bwd", DeviceKernels::dropoutBackward, dy, dx, seed, p, slice, whole, offset, 0,
                    elements), dy, dx, seed);
        } else if (spec instanceof LayerSpec.Softmax) {
            int k = out.size();
            int[] labels = step.labels;
            float[] loss = step.loss;
            t.forward(g -> g.task(id + "_fwd", SoftmaxCrossEntropy::forward, x, labels, y, loss, k, 0, batch), x, labels,
                    y, loss);
            t.backward(g -> g.task(id + "_bwd", SoftmaxCrossEntropy::backward, y, labels, dx, batch, k, 0, batch), y,
                    labels, dx);
        } else {
            throw new IllegalArgumentException("no TornadoVM tasks for layer " + spec);
        }
        return t;
    }
}

package alexnet.tornado;

import alexnet.kernels.Activations;
import alexnet.kernels.device.Lowering;
import alexnet.kernels.device.MatrixProducts;
import alexnet.kernels.device.Normalization;
import alexnet.kernels.device.Pooling;
import alexnet.kernels.device.Product;
import alexnet.kernels.device.Softmax;
import alexnet.kernels.device.Sums;
import alexnet.net.Layer;
import alexnet.net.Param;
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
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.WorkerGrid;

/**
 * The TornadoVM tasks of one layer of a training step, shaped for a GPU: every launch has one work-item
 * per element of what it writes (alexnet.kernels.device), or one per 4 x 4 outputs of a tiled matrix
 * product ({@link TiledGemm}); a convolution runs as im2col over the whole batch and one product per
 * group. Each task carries its launch grid ({@link LaunchShapes}). Forward tasks, then backward tasks in
 * the order they run, over the layer's blobs ({@code x}/{@code dx} in, {@code y}/{@code dy} out, exactly
 * {@code batch} examples).
 */
final class LayerTasks {

    /** A product's launch should have at least this many work-items (an H200 keeps ~270,000 in flight). */
    static final long ENOUGH_WORK_ITEMS = 65_536;
    /** At most this many slices of a product's depth. */
    static final int MAX_SLICES = 64;

    /** Adds a task to a graph. */
    @FunctionalInterface
    interface TaskAdder {
        TaskGraph add(TaskGraph graph);
    }

    /**
     * One task: its name, every array it reads or writes, its launch grid, and its floating-point
     * operations (0 where it only moves data or its arithmetic is negligible beside its memory traffic).
     */
    record Task(String name, List<Object> arrays, TaskAdder adder, WorkerGrid grid, boolean scheduled, long flops) {

        /**
         * Adds the task to {@code graph} and, when it is {@code scheduled}, its grid to {@code scheduler}
         * under "graph.task" (else TornadoVM chooses the launch, and {@link #grid} is what it covers).
         */
        void addTo(TaskGraph graph, GridScheduler scheduler) {
            adder.add(graph);
            if (scheduled) {
                scheduler.addWorkerGrid(graph.getTaskGraphName() + "." + name, grid);
            }
        }
    }

    /**
     * The arrays of a training step shared by its layers: the labels and per-example losses (softmax),
     * one one-element seed array per dropout layer with the function that gives its seed at a step, and
     * the convolutions' workspaces (their col and product-layout arrays, sized for the largest layer by
     * {@link #reserve} before any task is made: the layers run one after another, so they share them).
     */
    static final class StepArrays {
        final int batch;
        final int[] labels;
        final float[] loss;
        final List<long[]> seeds = new ArrayList<>();
        final List<LongUnaryOperator> seedAt = new ArrayList<>();
        private long colSize;
        private long colsSize;
        private float[] col;
        private float[] cols;

        StepArrays(int batch) {
            this.batch = batch;
            this.labels = new int[batch];
            this.loss = new float[batch];
        }

        /** Makes room for layer {@code spec}'s workspaces; call for every layer before {@link LayerTasks#of}. */
        void reserve(LayerSpec spec, Shape in, Shape out) {
            if (spec instanceof LayerSpec.Conv conv) {
                long columns = (long) batch * out.height() * out.width();
                colSize = Math.max(colSize, (long) in.channels() * conv.size() * conv.size() * columns);
                colsSize = Math.max(colsSize, conv.kernels() * columns);
            }
        }

        float[] col() {
            if (col == null) {
                col = new float[checkedSize(colSize, "im2col workspace")];
            }
            return col;
        }

        float[] cols() {
            if (cols == null) {
                cols = new float[checkedSize(colsSize, "convolution output workspace")];
            }
            return cols;
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
    private final String id;
    private final LaunchShapes shapes;

    private LayerTasks(String id, LaunchShapes shapes) {
        this.id = id;
        this.shapes = shapes;
    }

    /**
     * The tasks of layer {@code spec} (parameters in {@code layer}) from {@code in} to {@code out};
     * {@code id} names them (unique within a graph); {@code propagate}: compute {@code dx}.
     */
    static LayerTasks of(String id, LayerSpec spec, Layer layer, Shape in, Shape out, float[] x, float[] dx,
                         float[] y, float[] dy, int batch, boolean propagate, StepArrays step, LaunchShapes shapes) {
        LayerTasks t = new LayerTasks(id, shapes);
        int elements = batch * out.size();
        if (spec instanceof LayerSpec.Conv conv) {
            t.convolution(conv, layer, in, out, x, dx, y, dy, batch, propagate, step);
        } else if (spec instanceof LayerSpec.FullyConnected fc) {
            t.fullyConnected(fc, layer, in, x, dx, y, dy, batch, propagate);
        } else if (spec instanceof LayerSpec.Relu) {
            t.forward.add(t.counted("fwd", elements, g -> g.task(id + "_fwd", Activations::reluForward, x, y, 0,
                    elements), x, y));
            t.backward.add(t.counted("bwd", elements, g -> g.task(id + "_bwd", Activations::reluBackward, y, dy, dx,
                    0, elements), y, dy, dx));
        } else if (spec instanceof LayerSpec.Tanh) {
            t.forward.add(t.counted("fwd", elements, g -> g.task(id + "_fwd", Activations::tanhForward, x, y, 0,
                    elements), x, y));
            t.backward.add(t.counted("bwd", elements, g -> g.task(id + "_bwd", Activations::tanhBackward, y, dy, dx,
                    0, elements), y, dy, dx));
        } else if (spec instanceof LayerSpec.Lrn lrn) {
            float[] scale = new float[elements];
            int images = batch * lrn.groups(), maps = out.channels() / lrn.groups(), plane = out.height() * out.width();
            t.forward.add(t.line("fwd", elements, g -> g.task(id + "_fwd", Normalization::forward, x, y, scale,
                    images, maps, plane, lrn.k(), lrn.n(), lrn.alpha(), lrn.beta()), x, y, scale));
            t.backward.add(t.line("bwd", elements, g -> g.task(id + "_bwd", Normalization::backward, x, y, scale,
                    dy, dx, images, maps, plane, lrn.n(), lrn.alpha(), lrn.beta()), x, y, scale, dy, dx));
        } else if (spec instanceof LayerSpec.MaxPool pool) {
            int[] argmax = new int[elements];
            int c = in.channels(), h = in.height(), wd = in.width(), oh = out.height(), ow = out.width();
            int window = pool.size(), stride = pool.stride();
            t.forward.add(t.line("fwd", elements, g -> g.task(id + "_fwd", Pooling::forward, x, y, argmax, batch,
                    c, h, wd, window, stride, oh, ow), x, y, argmax));
            t.backward.add(t.line("bwd", (long) batch * in.size(), g -> g.task(id + "_bwd", Pooling::backward, dy,
                    argmax, dx, batch, c, h, wd, window, stride, oh, ow), dy, argmax, dx));
        } else if (spec instanceof LayerSpec.Dropout drop) {
            t.dropout(drop, layer, out, x, dx, y, dy, elements, step);
        } else if (spec instanceof LayerSpec.Softmax) {
            int k = out.size();
            float[] rowMax = new float[batch];
            float[] rowSum = new float[batch];
            t.forward.add(t.counted("rows", batch, g -> g.task(id + "_rows", Softmax::rows, x, step.labels, rowMax,
                    rowSum, step.loss, batch, k), x, step.labels, rowMax, rowSum, step.loss));
            t.forward.add(t.line("fwd", elements, g -> g.task(id + "_fwd", Softmax::probabilities, x, rowMax,
                    rowSum, y, batch, k), x, rowMax, rowSum, y));
            t.backward.add(t.line("bwd", elements, g -> g.task(id + "_bwd", Softmax::backward, y, step.labels, dx,
                    batch, k), y, step.labels, dx));
        } else {
            throw new IllegalArgumentException("no TornadoVM tasks for layer " + spec);
        }
        return t;
    }

    /**
     * A convolution through im2col over the whole batch (see {@link Lowering}). The backward lowers its
     * input again: the col workspace is shared by every convolution, and the layers after this one
     * have overwritten it since the forward.
     */
    private void convolution(LayerSpec.Conv conv, Layer layer, Shape in, Shape out, float[] x, float[] dx,
                             float[] y, float[] dy, int batch, boolean propagate, StepArrays step) {
        float[] w = layer.params().get(0).value();
        float[] b = layer.params().get(1).value();
        float[] dw = layer.params().get(0).grad();
        float[] db = layer.params().get(1).grad();
        float[] col = step.col();
        float[] cols = step.cols();
        int c = in.channels(), h = in.height(), wd = in.width(), filters = conv.kernels(), size = conv.size();
        int stride = conv.stride(), pad = conv.pad(), groups = conv.groups(), oh = out.height(), ow = out.width();
        int plane = oh * ow;
        int columns = batch * plane;
        int groupRows = c / groups * size * size;
        int groupFilters = filters / groups;
        int weights = filters * groupRows;
        long colElements = (long) c * size * size * columns;
        long outElements = (long) batch * filters * plane;

        TaskAdder im2col = g -> g.task(id + "_im2col", Lowering::im2col, x, col, batch, c, h, wd, size, stride, pad,
                oh, ow);
        forward.add(line("im2col", colElements, im2col, x, col));
        Product products = Product.nn(groupFilters, columns, groupRows)
                .batched(groups, groupFilters * groupRows, groupRows * columns, groupFilters * columns);
        forward.add(product("gemm", products, w, col, cols));
        forward.add(line("out", outElements, g -> g.task(id + "_out", Lowering::toImages, cols, b, y, batch,
                filters, plane), cols, b, y));

        backward.add(line("dyCols", outElements, g -> g.task(id + "_dyCols", Lowering::fromImages, dy, cols,
                batch, filters, plane), dy, cols));
        float[] planeSums = new float[batch * filters];
        backward.add(line("dbPlanes", (long) batch * filters, g -> g.task(id + "_dbPlanes", Sums::planeSums, dy,
                planeSums, batch, filters, plane), dy, planeSums));
        backward.add(counted("db", filters, g -> g.task(id + "_db", Sums::sumSlices, planeSums, db, batch, filters),
                planeSums, db));
        backward.add(line("im2colB", colElements, g -> g.task(id + "_im2colB", Lowering::im2col, x, col, batch, c,
                h, wd, size, stride, pad, oh, ow), x, col));
        // The weight gradient sums over all columns (batch x plane): too few outputs for a GPU, so the
        // depth is cut into slices, each a product of its own, and the slices are summed.
        Product perGroup = Product.nt(groupFilters, groupRows, columns);
        int slices = slices(perGroup.batched(groups, 0, 0, 0));
        float[] partial = new float[slices * weights];
        for (int group = 0; group < groups; group++) {
            Product slicesOfGroup = perGroup.offsets(group * groupFilters * columns, group * groupRows * columns,
                    group * groupFilters * groupRows).splitDepth(slices, weights);
            backward.add(product("dwPart" + group, slicesOfGroup, cols, col, partial));
        }
        backward.add(counted("dw", weights, g -> g.task(id + "_dw", Sums::sumSlices, partial, dw, slices, weights),
                partial, dw));
        if (propagate) {
            Product inputGradient = Product.tn(groupRows, columns, groupFilters)
                    .batched(groups, groupFilters * groupRows, groupFilters * columns, groupRows * columns);
            backward.add(product("dcol", inputGradient, w, cols, col));
            backward.add(line("dx", (long) batch * in.size(), g -> g.task(id + "_dx", Lowering::col2im, col, dx,
                    batch, c, h, wd, size, stride, pad, oh, ow), col, dx));
        }
    }

    /** y[B][O] = x[B][I] W[I][O] + b, and its gradients, without transposing anything. */
    private void fullyConnected(LayerSpec.FullyConnected fc, Layer layer, Shape in, float[] x, float[] dx, float[] y,
                                float[] dy, int batch, boolean propagate) {
        float[] w = layer.params().get(0).value();
        float[] b = layer.params().get(1).value();
        float[] dw = layer.params().get(0).grad();
        float[] db = layer.params().get(1).grad();
        int inputs = in.size(), outputs = fc.outputs();
        productSummed(forward, "gemm", Product.nn(batch, outputs, inputs), x, w, y);
        forward.add(line("bias", (long) batch * outputs, g -> g.task(id + "_bias", Sums::addRowBias, y, b, batch,
                outputs), y, b));
        backward.add(product("dW", Product.tn(inputs, outputs, batch), x, dy, dw));
        backward.add(counted("db", outputs, g -> g.task(id + "_db", Sums::sumSlices, dy, db, batch, outputs), dy, db));
        if (propagate) {
            productSummed(backward, "dx", Product.nt(batch, inputs, outputs), dy, w, dx);
        }
    }

    private void dropout(LayerSpec.Dropout drop, Layer layer, Shape out, float[] x, float[] dx, float[] y,
                         float[] dy, int elements, StepArrays step) {
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
        forward.add(counted("fwd", elements, g -> g.task(id + "_fwd", DeviceKernels::dropoutForward, x, y, seed, p,
                slice, whole, offset, 0, elements), x, y, seed));
        backward.add(counted("bwd", elements, g -> g.task(id + "_bwd", DeviceKernels::dropoutBackward, dy, dx, seed,
                p, slice, whole, offset, 0, elements), dy, dx, seed));
    }

    /** The paper's SGD step on one parameter array, one work-item per parameter. */
    static Task sgd(String name, Param param, float[] learningRate, float momentum, float weightDecay,
                    LaunchShapes shapes) {
        float[] w = param.value(), v = param.velocity(), grad = param.grad();
        int size = param.size();
        return new Task(name, List.of(w, v, grad, learningRate), g -> g.task(name, DeviceKernels::sgdUpdate, w, v, grad,
                learningRate, momentum, weightDecay, 0, size), shapes.line(size), shapes.lineGrids(), 0);
    }

    /** A task with one work-item per element of a range of {@code items}, its loop bound computed in the kernel. */
    private Task line(String suffix, long items, TaskAdder adder, Object... arrays) {
        return new Task(id + "_" + suffix, List.of(arrays), adder, shapes.line(items), true, 0);
    }

    /**
     * A task with one work-item per element of a range of {@code items} whose kernel's loop bound is one of
     * its parameters ({@code count}, {@code length}, {@code batch}). Under a grid, TornadoVM reads such a
     * bound from the grid at run time; on PTX that made the second execution of a step fail (CUDA error
     * 700), so these launches get a grid only where {@link LaunchShapes#lineGrids()}.
     */
    private Task counted(String suffix, long items, TaskAdder adder, Object... arrays) {
        return new Task(id + "_" + suffix, List.of(arrays), adder, shapes.line(items), shapes.lineGrids(), 0);
    }

    /**
     * C = A B as described by {@code p}: tiled, or by tiles of 4 x 8 or 4 x 4 elements of C on a CPU device
     * (see {@link LaunchShapes#product}).
     */
    private Task product(String suffix, Product p, float[] a, float[] b, float[] c) {
        String name = id + "_" + suffix;
        TaskAdder adder;
        if (shapes.tiled()) {
            KernelContext context = new KernelContext();
            adder = g -> g.task(name, TiledGemm::multiply, context, a, b, c, p.m(), p.n(), p.k(), p.aOff(),
                    p.aRowStride(), p.aDepthStride(), p.aStep(), p.bOff(), p.bDepthStride(), p.bColStride(), p.bStep(),
                    p.cOff(), p.cStep());
        } else if (shapes.fourByEight(p)) {
            adder = g -> g.task(name, MatrixProducts::multiplyFourByEight, a, b, c, p.m(), p.n(), p.k(), p.aOff(),
                    p.aRowStride(), p.aDepthStride(), p.aStep(), p.bOff(), p.bDepthStride(), p.bStep(),
                    p.cOff(), p.cStep(), p.products());
        } else {
            adder = g -> g.task(name, MatrixProducts::multiplyFourByFour, a, b, c, p.m(), p.n(), p.k(), p.aOff(),
                    p.aRowStride(), p.aDepthStride(), p.aStep(), p.bOff(), p.bDepthStride(), p.bColStride(), p.bStep(),
                    p.cOff(), p.cStep(), p.products());
        }
        return new Task(name, List.of(a, b, c), adder, shapes.product(p), true, p.flops());
    }

    /**
     * C = A B for a product whose C alone is too small for a GPU (the fully connected layers' forward and
     * input gradient have only batch rows): its depth is cut into slices, and the slices' partial
     * products are summed.
     */
    private void productSummed(List<Task> into, String suffix, Product p, float[] a, float[] b, float[] c) {
        int slices = slices(p);
        if (slices == 1) {
            into.add(product(suffix, p, a, b, c));
            return;
        }
        int length = p.m() * p.n();
        float[] partial = new float[slices * length];
        into.add(product(suffix + "Part", p.splitDepth(slices, length), a, b, partial));
        into.add(counted(suffix, length, g -> g.task(id + "_" + suffix, Sums::sumSlices, partial, c, slices, length),
                partial, c));
    }

    /** The fewest slices of p's depth (a power of two that divides it) that give a launch enough work-items. */
    private int slices(Product p) {
        int slices = 1;
        while (slices < MAX_SLICES && p.k() % (2 * slices) == 0
                && LaunchShapes.workItems(shapes.product(p.batched(p.products() * slices, 0, 0, 0)))
                < ENOUGH_WORK_ITEMS) {
            slices *= 2;
        }
        return slices;
    }

    static int checkedSize(long size, String what) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " of " + size + " floats exceeds a Java array; use a smaller "
                    + "--batch");
        }
        return (int) size;
    }
}

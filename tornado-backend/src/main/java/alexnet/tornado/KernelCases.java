package alexnet.tornado;

import alexnet.kernels.Activations;
import alexnet.kernels.Bias;
import alexnet.kernels.Convolution;
import alexnet.kernels.Dropout;
import alexnet.kernels.Gemm;
import alexnet.kernels.Im2col;
import alexnet.kernels.LocalResponseNorm;
import alexnet.kernels.MaxPool;
import alexnet.kernels.SoftmaxCrossEntropy;
import alexnet.kernels.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.WorkerGrid;

/**
 * Every kernel of alexnet.kernels, forward and backward, as a case of the portability suite: arrays of
 * random data, the kernel as a TornadoVM task over its whole parallel range, the same kernel on the JVM,
 * the arrays to compare and a tolerance.
 *
 * <p>The error of a case is {@code max_i |device_i - jvm_i| / (1 + |jvm_i|)} over its outputs (absolute
 * near 0, relative for large values; an int output counts any difference as 1). Tolerances:
 * <ul>
 * <li>{@link #EXACT} (0): one rounding per output, or additions in the kernel's fixed order, or no
 * arithmetic at all (copies, comparisons, masks). OpenCL C and PTX round each float operation to nearest
 * like Java and never reassociate without fast-math flags, which TornadoVM does not pass; nothing can
 * contract into an fma. Any difference is a bug (the {@code >>>} miscompilation of dropout showed as
 * such).</li>
 * <li>{@link #CONTRACTED} (1e-6): a few products and sums per output that an OpenCL/PTX compiler may
 * contract into fma (allowed by default in OpenCL C, FP_CONTRACT ON), which skips one rounding: at most
 * a few units of 2^-24 = 6e-8 relative.</li>
 * <li>{@link #ACCUMULATED} (1e-5): dot products of K up to a few hundred terms of values in [-1, 1]
 * (convolution, GEMM): with fma contraction each of the K steps may round differently, error up to about
 * K * 2^-24 * |largest partial sum|; for K = 84..280 and partial sums of about sqrt(K) that bound is
 * about 1e-5 of (1 + |result|) in the worst case, typically 100 times less.</li>
 * <li>{@link #TRANSCENDENTAL} (1e-5): exp, log and pow: the OpenCL built-ins are allowed 3 ulp (exp, log)
 * and 16 ulp (pow) where Java's StrictMath-class results are within 1 ulp: up to 16 * 2^-24 = 1e-6
 * relative per call, and LRN's backward sums five such terms; 1e-5 leaves a factor of a few.</li>
 * </ul>
 */
final class KernelCases {

    static final double EXACT = 0;
    static final double CONTRACTED = 1e-6;
    static final double ACCUMULATED = 1e-5;
    static final double TRANSCENDENTAL = 1e-5;

    /** Adds the case's one task (named "t") to a graph, over the arrays a. */
    interface DeviceTask {
        TaskGraph add(TaskGraph graph, Object[] a);
    }

    /** Runs the case's kernel on a slice of its range on the JVM, over the arrays a. */
    interface JvmTask {
        void run(Object[] a, int first, int count);
    }

    /**
     * One kernel on random data; {@code grid}, where not null, gives the device launch its work-groups (as
     * the training step launches the device kernels), else TornadoVM chooses.
     */
    record Case(String name, double tolerance, Function<Random, Object[]> arrays, int[] outputs, int total,
                DeviceTask device, JvmTask jvm, Function<LaunchShapes, WorkerGrid> grid) {

        Case(String name, double tolerance, Function<Random, Object[]> arrays, int[] outputs, int total,
             DeviceTask device, JvmTask jvm) {
            this(name, tolerance, arrays, outputs, total, device, jvm, null);
        }
    }

    private KernelCases() {
    }

    static float[] f(Object[] a, int i) {
        return (float[]) a[i];
    }

    static int[] n(Object[] a, int i) {
        return (int[]) a[i];
    }

    static float[] random(Random random, int size, float scale) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (random.nextFloat() * 2 - 1) * scale;
        }
        return values;
    }

    static float[] random(Random random, int size) {
        return random(random, size, 1f);
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        // Convolution: 2 x 4 x 13 x 11 input, 6 filters 3x3, stride 2, pad 1, groups 2 (the two-GPU split).
        int bn = 2, ch = 4, h = 13, w = 11, fl = 6, ks = 3, st = 2, pd = 1, gr = 2;
        int oh = Convolution.outputSize(h, ks, st, pd), ow = Convolution.outputSize(w, ks, st, pd);
        int in = bn * ch * h * w, wt = fl * (ch / gr) * ks * ks, out = bn * fl * oh * ow;
        cases.add(new Case("Convolution.forward", ACCUMULATED,
                r -> new Object[] {random(r, in), random(r, wt), random(r, fl), new float[out]}, new int[] {3}, bn * fl,
                (g, a) -> g.task("t", Convolution::forward, f(a, 0), f(a, 1), f(a, 2), f(a, 3), bn, ch, h, w, fl, ks, st,
                        pd, gr, oh, ow, 0, bn * fl),
                (a, first, count) -> Convolution.forward(f(a, 0), f(a, 1), f(a, 2), f(a, 3), bn, ch, h, w, fl, ks, st, pd,
                        gr, oh, ow, first, count)));
        cases.add(new Case("Convolution.backwardInput", ACCUMULATED,
                r -> new Object[] {random(r, out), random(r, wt), new float[in]}, new int[] {2}, bn * ch,
                (g, a) -> g.task("t", Convolution::backwardInput, f(a, 0), f(a, 1), f(a, 2), bn, ch, h, w, fl, ks, st, pd,
                        gr, oh, ow, 0, bn * ch),
                (a, first, count) -> Convolution.backwardInput(f(a, 0), f(a, 1), f(a, 2), bn, ch, h, w, fl, ks, st, pd, gr,
                        oh, ow, first, count)));
        cases.add(new Case("Convolution.backwardWeights", ACCUMULATED,
                r -> new Object[] {random(r, in), random(r, out), new float[wt], new float[fl]}, new int[] {2, 3}, fl,
                (g, a) -> g.task("t", Convolution::backwardWeights, f(a, 0), f(a, 1), f(a, 2), f(a, 3), bn, ch, h, w, fl,
                        ks, st, pd, gr, oh, ow, 0, fl),
                (a, first, count) -> Convolution.backwardWeights(f(a, 0), f(a, 1), f(a, 2), f(a, 3), bn, ch, h, w, fl, ks,
                        st, pd, gr, oh, ow, first, count)));

        // LRN: 2 x 7 channels x 30, values up to 20 so that alpha * sum(a^2) matters.
        int ln = 2, lc = 7, lp = 30, lsize = ln * lc * lp;
        float k = LocalResponseNorm.K, alpha = LocalResponseNorm.ALPHA, beta = LocalResponseNorm.BETA;
        int size = LocalResponseNorm.SIZE;
        cases.add(new Case("LocalResponseNorm.forward", TRANSCENDENTAL,
                r -> new Object[] {random(r, lsize, 20f), new float[lsize], new float[lsize]}, new int[] {1, 2}, ln * lc,
                (g, a) -> g.task("t", LocalResponseNorm::forward, f(a, 0), f(a, 1), f(a, 2), ln, lc, lp, k, size, alpha,
                        beta, 0, ln * lc),
                (a, first, count) -> LocalResponseNorm.forward(f(a, 0), f(a, 1), f(a, 2), ln, lc, lp, k, size, alpha, beta,
                        first, count)));
        cases.add(new Case("LocalResponseNorm.backward", TRANSCENDENTAL, r -> {
            float[] x = random(r, lsize, 20f);
            float[] y = new float[lsize];
            float[] s = new float[lsize];
            LocalResponseNorm.forward(x, y, s, ln, lc, lp, k, size, alpha, beta, 0, ln * lc);
            return new Object[] {x, y, s, random(r, lsize), new float[lsize]};
        }, new int[] {4}, ln * lc,
                (g, a) -> g.task("t", LocalResponseNorm::backward, f(a, 0), f(a, 1), f(a, 2), f(a, 3), f(a, 4), ln, lc, lp,
                        size, alpha, beta, 0, ln * lc),
                (a, first, count) -> LocalResponseNorm.backward(f(a, 0), f(a, 1), f(a, 2), f(a, 3), f(a, 4), ln, lc, lp,
                        size, alpha, beta, first, count)));

        // Max-pooling 3/2 over 2 x 3 x 9 x 9, with ties (values rounded to tenths).
        int pn = 2, pc = 3, ph = 9, pw = 9, win = 3, pst = 2;
        int poh = MaxPool.outputSize(ph, win, pst), pow = MaxPool.outputSize(pw, win, pst);
        int pin = pn * pc * ph * pw, pout = pn * pc * poh * pow;
        Function<Random, float[]> ties = r -> {
            float[] x = random(r, pin);
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.round(x[i] * 10) / 10f;
            }
            return x;
        };
        cases.add(new Case("MaxPool.forward", EXACT,
                r -> new Object[] {ties.apply(r), new float[pout], new int[pout]}, new int[] {1, 2}, pn * pc,
                (g, a) -> g.task("t", MaxPool::forward, f(a, 0), f(a, 1), n(a, 2), pn, pc, ph, pw, win, pst, poh, pow, 0,
                        pn * pc),
                (a, first, count) -> MaxPool.forward(f(a, 0), f(a, 1), n(a, 2), pn, pc, ph, pw, win, pst, poh, pow, first,
                        count)));
        cases.add(new Case("MaxPool.backward", EXACT, r -> {
            float[] x = ties.apply(r);
            int[] argmax = new int[pout];
            MaxPool.forward(x, new float[pout], argmax, pn, pc, ph, pw, win, pst, poh, pow, 0, pn * pc);
            return new Object[] {random(r, pout), argmax, new float[pin]};
        }, new int[] {2}, pn * pc,
                (g, a) -> g.task("t", MaxPool::backward, f(a, 0), n(a, 1), f(a, 2), pn, pc, ph, pw, poh, pow, 0, pn * pc),
                (a, first, count) -> MaxPool.backward(f(a, 0), n(a, 1), f(a, 2), pn, pc, ph, pw, poh, pow, first, count)));

        // GEMM: 37 x 45 x 70 (no multiple of the blocks or of 4, so every edge path runs), at offsets.
        int m = 37, nn = 45, kk = 70, off = 3;
        int tiles = Gemm.tiles(m, nn);
        for (boolean accumulate : new boolean[] {false, true}) {
            cases.add(new Case("Gemm.nn" + (accumulate ? " (accumulate)" : ""), ACCUMULATED,
                    r -> new Object[] {random(r, off + m * kk), random(r, off + kk * nn), random(r, off + m * nn)},
                    new int[] {2}, tiles,
                    (g, a) -> g.task("t", Gemm::nn, f(a, 0), off, f(a, 1), off, f(a, 2), off, m, nn, kk, accumulate ? 1f : 0f, 0,
                            tiles),
                    (a, first, count) -> Gemm.nn(f(a, 0), off, f(a, 1), off, f(a, 2), off, m, nn, kk, accumulate ? 1f : 0f, first,
                            count)));
        }
        cases.add(new Case("Gemm.tn", ACCUMULATED,
                r -> new Object[] {random(r, kk * m), random(r, kk * nn), new float[m * nn]}, new int[] {2}, tiles,
                (g, a) -> g.task("t", Gemm::tn, f(a, 0), 0, f(a, 1), 0, f(a, 2), 0, m, nn, kk, 0f, 0, tiles),
                (a, first, count) -> Gemm.tn(f(a, 0), 0, f(a, 1), 0, f(a, 2), 0, m, nn, kk, 0f, first, count)));
        cases.add(new Case("Gemm.transpose", EXACT,
                r -> new Object[] {random(r, off + m * nn), new float[nn * m]}, new int[] {1}, nn,
                (g, a) -> g.task("t", Gemm::transpose, f(a, 0), off, f(a, 1), 0, m, nn, 0, nn),
                (a, first, count) -> Gemm.transpose(f(a, 0), off, f(a, 1), 0, m, nn, first, count)));

        // im2col, im2row and col2im: 3 x 11 x 11 input, 5 x 5 kernel, stride 2, pad 2 -> 75 x 36 columns.
        int ic = 3, ih = 11, ik = 5, is = 2, ip = 2, io = Convolution.outputSize(ih, ik, is, ip);
        int rows = ic * ik * ik;
        cases.add(new Case("Im2col.im2col", EXACT,
                r -> new Object[] {random(r, off + ic * ih * ih), new float[rows * io * io]}, new int[] {1}, rows,
                (g, a) -> g.task("t", Im2col::im2col, f(a, 0), off, f(a, 1), ic, ih, ih, ik, is, ip, io, io, 0, rows),
                (a, first, count) -> Im2col.im2col(f(a, 0), off, f(a, 1), ic, ih, ih, ik, is, ip, io, io, first,
                        count)));
        cases.add(new Case("Im2col.im2row", EXACT,
                r -> new Object[] {random(r, off + ic * ih * ih), new float[rows * io * io]}, new int[] {1}, io * io,
                (g, a) -> g.task("t", Im2col::im2row, f(a, 0), off, f(a, 1), ic, ih, ih, ik, is, ip, io, io, 0, io * io),
                (a, first, count) -> Im2col.im2row(f(a, 0), off, f(a, 1), ic, ih, ih, ik, is, ip, io, io, first,
                        count)));
        cases.add(new Case("Im2col.col2im", EXACT,
                r -> new Object[] {random(r, rows * io * io), new float[ic * ih * ih]}, new int[] {1}, ic,
                (g, a) -> g.task("t", Im2col::col2im, f(a, 0), f(a, 1), 0, ic, ih, ih, ik, is, ip, io, io, 0, ic),
                (a, first, count) -> Im2col.col2im(f(a, 0), f(a, 1), 0, ic, ih, ih, ik, is, ip, io, io, first,
                        count)));

        // Bias over 3 x 5 x 16.
        int bb = 3, bc = 5, bp = 16;
        cases.add(new Case("Bias.forward", EXACT,
                r -> new Object[] {random(r, bb * bc * bp), random(r, bc)}, new int[] {0}, bb * bc,
                (g, a) -> g.task("t", Bias::forward, f(a, 0), f(a, 1), bc, bp, 0, bb * bc),
                (a, first, count) -> Bias.forward(f(a, 0), f(a, 1), bc, bp, first, count)));
        cases.add(new Case("Bias.backward", EXACT,
                r -> new Object[] {random(r, bb * bc * bp), new float[bc]}, new int[] {1}, bc,
                (g, a) -> g.task("t", Bias::backward, f(a, 0), f(a, 1), bb, bc, bp, 0, bc),
                (a, first, count) -> Bias.backward(f(a, 0), f(a, 1), bb, bc, bp, first, count)));

        // Element-wise, 1000 elements in [-3, 3].
        int e = 1000;
        cases.add(new Case("Activations.reluForward", EXACT,
                r -> new Object[] {random(r, e, 3f), new float[e]}, new int[] {1}, e,
                (g, a) -> g.task("t", Activations::reluForward, f(a, 0), f(a, 1), 0, e),
                (a, first, count) -> Activations.reluForward(f(a, 0), f(a, 1), first, count)));
        cases.add(new Case("Activations.reluBackward", EXACT,
                r -> new Object[] {random(r, e, 3f), random(r, e), new float[e]}, new int[] {2}, e,
                (g, a) -> g.task("t", Activations::reluBackward, f(a, 0), f(a, 1), f(a, 2), 0, e),
                (a, first, count) -> Activations.reluBackward(f(a, 0), f(a, 1), f(a, 2), first, count)));
        cases.add(new Case("Activations.tanhForward", TRANSCENDENTAL,
                r -> new Object[] {random(r, e, 3f), new float[e]}, new int[] {1}, e,
                (g, a) -> g.task("t", Activations::tanhForward, f(a, 0), f(a, 1), 0, e),
                (a, first, count) -> Activations.tanhForward(f(a, 0), f(a, 1), first, count)));
        cases.add(new Case("Activations.tanhBackward", CONTRACTED,
                r -> new Object[] {random(r, e), random(r, e), new float[e]}, new int[] {2}, e,
                (g, a) -> g.task("t", Activations::tanhBackward, f(a, 0), f(a, 1), f(a, 2), 0, e),
                (a, first, count) -> Activations.tanhBackward(f(a, 0), f(a, 1), f(a, 2), first, count)));

        // Dropout: a negative seed, so that the RNG's shifts see negative values (the >>> trap).
        long seed = 0x9E3779B97F4A7C15L;
        float p = 0.5f;
        cases.add(new Case("Dropout.forward", EXACT,
                r -> new Object[] {random(r, e), new float[e]}, new int[] {1}, e,
                (g, a) -> g.task("t", Dropout::forward, f(a, 0), f(a, 1), seed, p, 0, e),
                (a, first, count) -> Dropout.forward(f(a, 0), f(a, 1), seed, p, first, count)));
        cases.add(new Case("Dropout.backward", EXACT,
                r -> new Object[] {random(r, e), new float[e]}, new int[] {1}, e,
                (g, a) -> g.task("t", Dropout::backward, f(a, 0), f(a, 1), seed, p, 0, e),
                (a, first, count) -> Dropout.backward(f(a, 0), f(a, 1), seed, p, first, count)));
        cases.add(new Case("Dropout.inference", EXACT,
                r -> new Object[] {random(r, e), new float[e]}, new int[] {1}, e,
                (g, a) -> g.task("t", Dropout::inference, f(a, 0), f(a, 1), p, 0, e),
                (a, first, count) -> Dropout.inference(f(a, 0), f(a, 1), p, first, count)));
        // One device's slice of a tensor: neurons 40..89 of 120 per example (the two-device split).
        int slice = 50, whole = 120, offset = 40;
        cases.add(new Case("Dropout.forwardSlice", EXACT,
                r -> new Object[] {random(r, e), new float[e]}, new int[] {1}, e,
                (g, a) -> g.task("t", Dropout::forwardSlice, f(a, 0), f(a, 1), seed, p, slice, whole, offset, 0, e),
                (a, first, count) -> Dropout.forwardSlice(f(a, 0), f(a, 1), seed, p, slice, whole, offset, first, count)));
        cases.add(new Case("Dropout.backwardSlice", EXACT,
                r -> new Object[] {random(r, e), new float[e]}, new int[] {1}, e,
                (g, a) -> g.task("t", Dropout::backwardSlice, f(a, 0), f(a, 1), seed, p, slice, whole, offset, 0, e),
                (a, first, count) -> Dropout.backwardSlice(f(a, 0), f(a, 1), seed, p, slice, whole, offset, first,
                        count)));
        // The step graph's variants (seed in an array) against the ORIGINAL kernels on the JVM.
        cases.add(new Case("DeviceKernels.dropoutForward", EXACT,
                r -> new Object[] {random(r, e), new float[e], new long[] {seed}}, new int[] {1}, e,
                (g, a) -> g.task("t", DeviceKernels::dropoutForward, f(a, 0), f(a, 1), (long[]) a[2], p, slice, whole,
                        offset, 0, e),
                (a, first, count) -> Dropout.forwardSlice(f(a, 0), f(a, 1), seed, p, slice, whole, offset, first, count)));
        cases.add(new Case("DeviceKernels.dropoutBackward", EXACT,
                r -> new Object[] {random(r, e), new float[e], new long[] {seed}}, new int[] {1}, e,
                (g, a) -> g.task("t", DeviceKernels::dropoutBackward, f(a, 0), f(a, 1), (long[]) a[2], p, slice, whole,
                        offset, 0, e),
                (a, first, count) -> Dropout.backwardSlice(f(a, 0), f(a, 1), seed, p, slice, whole, offset, first,
                        count)));

        // Softmax + cross-entropy: 5 examples, 10 classes, logits up to +-8.
        int sb = 5, sc = 10;
        Function<Random, int[]> labels = r -> {
            int[] l = new int[sb];
            for (int i = 0; i < sb; i++) {
                l[i] = r.nextInt(sc);
            }
            return l;
        };
        cases.add(new Case("SoftmaxCrossEntropy.forward", TRANSCENDENTAL,
                r -> new Object[] {random(r, sb * sc, 8f), labels.apply(r), new float[sb * sc], new float[sb]},
                new int[] {2, 3}, sb,
                (g, a) -> g.task("t", SoftmaxCrossEntropy::forward, f(a, 0), n(a, 1), f(a, 2), f(a, 3), sc, 0, sb),
                (a, first, count) -> SoftmaxCrossEntropy.forward(f(a, 0), n(a, 1), f(a, 2), f(a, 3), sc, first, count)));
        cases.add(new Case("SoftmaxCrossEntropy.backward", EXACT,
                r -> new Object[] {random(r, sb * sc), labels.apply(r), new float[sb * sc]}, new int[] {2}, sb,
                (g, a) -> g.task("t", SoftmaxCrossEntropy::backward, f(a, 0), n(a, 1), f(a, 2), sb, sc, 0, sb),
                (a, first, count) -> SoftmaxCrossEntropy.backward(f(a, 0), n(a, 1), f(a, 2), sb, sc, first, count)));

        // SGD on 1000 parameters.
        float rate = 0.01f;
        cases.add(new Case("Sgd.update", CONTRACTED,
                r -> new Object[] {random(r, e), random(r, e, 0.1f), random(r, e)}, new int[] {0, 1}, e,
                (g, a) -> g.task("t", Sgd::update, f(a, 0), f(a, 1), f(a, 2), rate, Sgd.MOMENTUM, Sgd.WEIGHT_DECAY, 0, e),
                (a, first, count) -> Sgd.update(f(a, 0), f(a, 1), f(a, 2), rate, Sgd.MOMENTUM, Sgd.WEIGHT_DECAY, first,
                        count)));
        cases.add(new Case("DeviceKernels.sgdUpdate", CONTRACTED,
                r -> new Object[] {random(r, e), random(r, e, 0.1f), random(r, e), new float[] {rate}}, new int[] {0, 1}, e,
                (g, a) -> g.task("t", DeviceKernels::sgdUpdate, f(a, 0), f(a, 1), f(a, 2), f(a, 3), Sgd.MOMENTUM,
                        Sgd.WEIGHT_DECAY, 0, e),
                (a, first, count) -> Sgd.update(f(a, 0), f(a, 1), f(a, 2), rate, Sgd.MOMENTUM, Sgd.WEIGHT_DECAY, first,
                        count)));
        cases.addAll(DeviceKernelCases.all());
        return cases;
    }
}

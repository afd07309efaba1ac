package alexnet.tornado;

import static alexnet.tornado.KernelCases.ACCUMULATED;
import static alexnet.tornado.KernelCases.EXACT;
import static alexnet.tornado.KernelCases.TRANSCENDENTAL;
import static alexnet.tornado.KernelCases.f;
import static alexnet.tornado.KernelCases.n;
import static alexnet.tornado.KernelCases.random;

import alexnet.kernels.Convolution;
import alexnet.kernels.LocalResponseNorm;
import alexnet.kernels.MaxPool;
import alexnet.kernels.device.Lowering;
import alexnet.kernels.device.MatrixProducts;
import alexnet.kernels.device.Normalization;
import alexnet.kernels.device.Pooling;
import alexnet.kernels.device.Product;
import alexnet.kernels.device.Softmax;
import alexnet.kernels.device.Sums;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import uk.ac.manchester.tornado.api.KernelContext;

/**
 * The training step's device kernels (alexnet.kernels.device and {@link TiledGemm}) as cases of the
 * portability suite, each launched with the grid the step gives it on that device, against the same
 * kernel run on the JVM (the tiled product against {@link MatrixProducts}). That the device kernels compute
 * what the reference kernels compute is checked on the JVM by the tests of tornado-kernels.
 */
final class DeviceKernelCases {

    private DeviceKernelCases() {
    }

    static List<KernelCases.Case> all() {
        List<KernelCases.Case> cases = new ArrayList<>();
        convolutionLowering(cases);
        products(cases);
        normalizationAndPooling(cases);
        softmaxAndSums(cases);
        return cases;
    }

    /** A device kernel: one call covers its range, so the JVM side runs once. */
    private static KernelCases.Case whole(String name, double tolerance, Function<Random, Object[]> arrays,
                                          int[] outputs, KernelCases.DeviceTask device, Whole jvm,
                                          Function<LaunchShapes, uk.ac.manchester.tornado.api.WorkerGrid> grid) {
        return new KernelCases.Case(name, tolerance, arrays, outputs, 1, device, (a, first, count) -> jvm.run(a), grid);
    }

    private interface Whole {
        void run(Object[] a);
    }

    // A batch of 3 x 4 x 13 x 11, 6 filters 3x3, stride 2, pad 1, groups 2 -> 7 x 6 outputs.
    private static void convolutionLowering(List<KernelCases.Case> cases) {
        int bn = 3, ch = 4, h = 13, w = 11, fl = 6, ks = 3, st = 2, pd = 1;
        int oh = Convolution.outputSize(h, ks, st, pd), ow = Convolution.outputSize(w, ks, st, pd);
        int plane = oh * ow, in = bn * ch * h * w, col = ch * ks * ks * bn * plane, out = bn * fl * plane;
        cases.add(whole("Lowering.im2col", EXACT, r -> new Object[] {random(r, in), new float[col]}, new int[] {1},
                (g, a) -> g.task("t", Lowering::im2col, f(a, 0), f(a, 1), bn, ch, h, w, ks, st, pd, oh, ow),
                a -> Lowering.im2col(f(a, 0), f(a, 1), bn, ch, h, w, ks, st, pd, oh, ow), s -> s.line(col)));
        cases.add(whole("Lowering.col2im", ACCUMULATED, r -> new Object[] {random(r, col), new float[in]},
                new int[] {1},
                (g, a) -> g.task("t", Lowering::col2im, f(a, 0), f(a, 1), bn, ch, h, w, ks, st, pd, oh, ow),
                a -> Lowering.col2im(f(a, 0), f(a, 1), bn, ch, h, w, ks, st, pd, oh, ow), s -> s.line(in)));
        cases.add(whole("Lowering.toImages", EXACT,
                r -> new Object[] {random(r, out), random(r, fl), new float[out]}, new int[] {2},
                (g, a) -> g.task("t", Lowering::toImages, f(a, 0), f(a, 1), f(a, 2), bn, fl, plane),
                a -> Lowering.toImages(f(a, 0), f(a, 1), f(a, 2), bn, fl, plane), s -> s.line(out)));
        cases.add(whole("Lowering.fromImages", EXACT, r -> new Object[] {random(r, out), new float[out]},
                new int[] {1},
                (g, a) -> g.task("t", Lowering::fromImages, f(a, 0), f(a, 1), bn, fl, plane),
                a -> Lowering.fromImages(f(a, 0), f(a, 1), bn, fl, plane), s -> s.line(out)));
    }

    /**
     * The three kinds of product of a step at sizes that are no multiple of the tile (every edge path of
     * the tiled kernel runs), batched as a convolution's groups, and split over the depth.
     */
    private static void products(List<KernelCases.Case> cases) {
        List<String> names = List.of("nn 70x65x37", "tn 2 groups 37x130x9", "nt 4 slices 19x67x64");
        List<Product> products = List.of(Product.nn(70, 65, 37),
                Product.tn(37, 130, 9).batched(2, 9 * 37, 9 * 130, 37 * 130),
                Product.nt(19, 67, 64).splitDepth(4, 19 * 67));
        for (int i = 0; i < products.size(); i++) {
            Product p = products.get(i);
            int aSize = extent(p.aOff(), p.products(), p.aStep(), p.m(), p.aRowStride(), p.k(), p.aDepthStride());
            int bSize = extent(p.bOff(), p.products(), p.bStep(), p.k(), p.bDepthStride(), p.n(), p.bColStride());
            int cSize = p.cOff() + (p.products() - 1) * p.cStep() + p.m() * p.n();
            Function<Random, Object[]> arrays = r -> new Object[] {random(r, aSize), random(r, bSize),
                    new float[cSize]};
            cases.add(whole("MatrixProducts " + names.get(i), ACCUMULATED, arrays, new int[] {2},
                    (g, a) -> g.task("t", MatrixProducts::multiply, f(a, 0), f(a, 1), f(a, 2), p.m(), p.n(), p.k(),
                            p.aOff(), p.aRowStride(), p.aDepthStride(), p.aStep(), p.bOff(), p.bDepthStride(),
                            p.bColStride(), p.bStep(), p.cOff(), p.cStep(), p.products()),
                    a -> p.multiply(f(a, 0), f(a, 1), f(a, 2)),
                    s -> new LaunchShapes(s.local(), false, true).product(p)));
            if (p.bColStride() == 1) {
                cases.add(whole("MatrixProducts by 4 x 8 tiles " + names.get(i), ACCUMULATED, arrays, new int[] {2},
                        (g, a) -> g.task("t", MatrixProducts::multiplyFourByEight, f(a, 0), f(a, 1), f(a, 2), p.m(),
                                p.n(), p.k(), p.aOff(), p.aRowStride(), p.aDepthStride(), p.aStep(), p.bOff(),
                                p.bDepthStride(), p.bStep(), p.cOff(), p.cStep(), p.products()),
                        a -> p.multiply(f(a, 0), f(a, 1), f(a, 2)), s -> s.fourByEightGrid(p)));
            }
            cases.add(whole("MatrixProducts by 4 x 4 tiles " + names.get(i), ACCUMULATED, arrays, new int[] {2},
                    (g, a) -> g.task("t", MatrixProducts::multiplyFourByFour, f(a, 0), f(a, 1), f(a, 2), p.m(),
                            p.n(), p.k(), p.aOff(), p.aRowStride(), p.aDepthStride(), p.aStep(), p.bOff(),
                            p.bDepthStride(), p.bColStride(), p.bStep(), p.cOff(), p.cStep(), p.products()),
                    a -> p.multiply(f(a, 0), f(a, 1), f(a, 2)), s -> s.fourByFourGrid(p)));
            cases.add(whole("TiledGemm " + names.get(i), ACCUMULATED, arrays, new int[] {2},
                    (g, a) -> g.task("t", TiledGemm::multiply, new KernelContext(), f(a, 0), f(a, 1), f(a, 2), p.m(),
                            p.n(), p.k(), p.aOff(), p.aRowStride(), p.aDepthStride(), p.aStep(), p.bOff(),
                            p.bDepthStride(), p.bColStride(), p.bStep(), p.cOff(), p.cStep()),
                    a -> p.multiply(f(a, 0), f(a, 1), f(a, 2)),
                    s -> new LaunchShapes(s.local(), true, true).product(p)));
        }
    }

    /** One past the last element an operand reads: its offset plus the last product's last element. */
    private static int extent(int offset, int products, int step, int rows, int rowStride, int columns,
                              int columnStride) {
        return offset + (products - 1) * step + (rows - 1) * rowStride + (columns - 1) * columnStride + 1;
    }

    // LRN on 2 x 7 channels x 30, values up to 20; max-pooling 3 / 2 on 2 x 3 x 9 x 9.
    private static void normalizationAndPooling(List<KernelCases.Case> cases) {
        int ln = 2, lc = 7, lp = 30, size = ln * lc * lp;
        float k = LocalResponseNorm.K, alpha = LocalResponseNorm.ALPHA, beta = LocalResponseNorm.BETA;
        int window = LocalResponseNorm.SIZE;
        cases.add(whole("Normalization.forward", TRANSCENDENTAL,
                r -> new Object[] {random(r, size, 20f), new float[size], new float[size]}, new int[] {1, 2},
                (g, a) -> g.task("t", Normalization::forward, f(a, 0), f(a, 1), f(a, 2), ln, lc, lp, k, window, alpha,
                        beta),
                a -> Normalization.forward(f(a, 0), f(a, 1), f(a, 2), ln, lc, lp, k, window, alpha, beta),
                s -> s.line(size)));
        cases.add(whole("Normalization.backward", TRANSCENDENTAL, r -> {
            float[] x = random(r, size, 20f), y = new float[size], scale = new float[size];
            Normalization.forward(x, y, scale, ln, lc, lp, k, window, alpha, beta);
            return new Object[] {x, y, scale, random(r, size), new float[size]};
        }, new int[] {4},
                (g, a) -> g.task("t", Normalization::backward, f(a, 0), f(a, 1), f(a, 2), f(a, 3), f(a, 4), ln, lc,
                        lp, window, alpha, beta),
                a -> Normalization.backward(f(a, 0), f(a, 1), f(a, 2), f(a, 3), f(a, 4), ln, lc, lp, window, alpha,
                        beta),
                s -> s.line(size)));

        int pn = 2, pc = 3, ph = 9, pw = 9, pool = 3, stride = 2;
        int poh = MaxPool.outputSize(ph, pool, stride), pow = MaxPool.outputSize(pw, pool, stride);
        int in = pn * pc * ph * pw, out = pn * pc * poh * pow;
        cases.add(whole("Pooling.forward", EXACT,
                r -> new Object[] {random(r, in), new float[out], new int[out]}, new int[] {1, 2},
                (g, a) -> g.task("t", Pooling::forward, f(a, 0), f(a, 1), n(a, 2), pn, pc, ph, pw, pool, stride, poh,
                        pow),
                a -> Pooling.forward(f(a, 0), f(a, 1), n(a, 2), pn, pc, ph, pw, pool, stride, poh, pow),
                s -> s.line(out)));
        cases.add(whole("Pooling.backward", EXACT, r -> {
            int[] argmax = new int[out];
            Pooling.forward(random(r, in), new float[out], argmax, pn, pc, ph, pw, pool, stride, poh, pow);
            return new Object[] {random(r, out), argmax, new float[in]};
        }, new int[] {2},
                (g, a) -> g.task("t", Pooling::backward, f(a, 0), n(a, 1), f(a, 2), pn, pc, ph, pw, pool, stride, poh,
                        pow),
                a -> Pooling.backward(f(a, 0), n(a, 1), f(a, 2), pn, pc, ph, pw, pool, stride, poh, pow),
                s -> s.line(in)));
    }

    // Softmax on 5 examples of 37 classes; sums over 9 slices of 41 and 5 planes of 6 x 13.
    private static void softmaxAndSums(List<KernelCases.Case> cases) {
        int sb = 5, sc = 37, all = sb * sc;
        Function<Random, int[]> labels = r -> {
            int[] l = new int[sb];
            for (int i = 0; i < sb; i++) {
                l[i] = r.nextInt(sc);
            }
            return l;
        };
        cases.add(whole("Softmax.rows", TRANSCENDENTAL,
                r -> new Object[] {random(r, all, 8f), labels.apply(r), new float[sb], new float[sb], new float[sb]},
                new int[] {2, 3, 4},
                (g, a) -> g.task("t", Softmax::rows, f(a, 0), n(a, 1), f(a, 2), f(a, 3), f(a, 4), sb, sc),
                a -> Softmax.rows(f(a, 0), n(a, 1), f(a, 2), f(a, 3), f(a, 4), sb, sc), s -> s.line(sb)));
        cases.add(whole("Softmax.probabilities", TRANSCENDENTAL, r -> {
            float[] logits = random(r, all, 8f), max = new float[sb], sum = new float[sb];
            Softmax.rows(logits, labels.apply(r), max, sum, new float[sb], sb, sc);
            return new Object[] {logits, max, sum, new float[all]};
        }, new int[] {3},
                (g, a) -> g.task("t", Softmax::probabilities, f(a, 0), f(a, 1), f(a, 2), f(a, 3), sb, sc),
                a -> Softmax.probabilities(f(a, 0), f(a, 1), f(a, 2), f(a, 3), sb, sc), s -> s.line(all)));
        cases.add(whole("Softmax.backward", EXACT,
                r -> new Object[] {random(r, all), labels.apply(r), new float[all]}, new int[] {2},
                (g, a) -> g.task("t", Softmax::backward, f(a, 0), n(a, 1), f(a, 2), sb, sc),
                a -> Softmax.backward(f(a, 0), n(a, 1), f(a, 2), sb, sc), s -> s.line(all)));

        int slices = 9, length = 41;
        cases.add(whole("Sums.sumSlices", EXACT,
                r -> new Object[] {random(r, slices * length), new float[length]}, new int[] {1},
                (g, a) -> g.task("t", Sums::sumSlices, f(a, 0), f(a, 1), slices, length),
                a -> Sums.sumSlices(f(a, 0), f(a, 1), slices, length), s -> s.line(length)));
        int images = 5, filters = 6, plane = 13;
        cases.add(whole("Sums.planeSums", EXACT,
                r -> new Object[] {random(r, images * filters * plane), new float[images * filters]}, new int[] {1},
                (g, a) -> g.task("t", Sums::planeSums, f(a, 0), f(a, 1), images, filters, plane),
                a -> Sums.planeSums(f(a, 0), f(a, 1), images, filters, plane), s -> s.line(images * filters)));
        cases.add(whole("Sums.addRowBias", EXACT,
                r -> new Object[] {random(r, slices * length), random(r, length)}, new int[] {0},
                (g, a) -> g.task("t", Sums::addRowBias, f(a, 0), f(a, 1), slices, length),
                a -> Sums.addRowBias(f(a, 0), f(a, 1), slices, length), s -> s.line(slices * length)));
    }
}

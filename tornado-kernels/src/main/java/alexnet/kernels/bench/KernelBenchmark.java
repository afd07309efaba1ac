package alexnet.kernels.bench;

import alexnet.kernels.Convolution;
import alexnet.kernels.Gemm;
import alexnet.kernels.host.HostGemm;
import alexnet.kernels.host.HostKernels;
import alexnet.kernels.JvmExecutor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * GFLOP/s of the kernels on AlexNet's shapes: the fully connected layers' three GEMMs (forward, weight
 * gradient, input gradient) side by side with the same products through numpy/OpenBLAS in a
 * subprocess ({@link OpenBlasSide}), timed in turn, and conv1..conv5 forward and backward. A
 * benchmark, not a test: numbers depend on the machine and on what else runs on it.
 */
public final class KernelBenchmark {

    /** A fully connected layer: in -> out features. */
    private record Dense(String name, int in, int out) {
    }

    /** An AlexNet convolution on a size x size input. */
    private record Conv(String name, int channels, int size, int filters, int kernelSize, int stride, int pad,
                        int groups) {
        int outSize() {
            return Convolution.outputSize(size, kernelSize, stride, pad);
        }

        double flops(int batch) {
            return 2.0 * batch * filters * outSize() * outSize() * (channels / groups) * kernelSize * kernelSize;
        }
    }

    private static final List<Dense> DENSE = List.of(new Dense("fc6", 9216, 4096), new Dense("fc7", 4096, 4096),
            new Dense("fc8", 4096, 1000));
    private static final List<Conv> CONV = List.of(
            new Conv("conv1", 3, 227, 96, 11, 4, 0, 1),
            new Conv("conv2", 96, 27, 256, 5, 1, 2, 2),
            new Conv("conv3", 256, 13, 384, 3, 1, 1, 1),
            new Conv("conv4", 384, 13, 384, 3, 1, 1, 2),
            new Conv("conv5", 384, 13, 256, 3, 1, 1, 2));

    private KernelBenchmark() {
    }

    /**
     * Runs the benchmark and prints a table to {@code out}.
     *
     * @param threads     JVM executor threads (and OpenBLAS threads)
     * @param batch       batch size (the paper's: 128)
     * @param repeats     timed runs per GEMM and round (best is reported); convolutions run once after a warm-up
     * @param rounds      turns of the JVM's and OpenBLAS's timings of each product, one after the other
     * @param numpyScript scripts/openblas_gemm.py, or null to skip OpenBLAS
     */
    public static void run(PrintStream out, int threads, int batch, int repeats, int rounds, Path numpyScript,
                           boolean directConvolution) {
        out.printf("Kernel benchmark: %d JVM threads, batch %d, %s %s%n", threads, batch,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        try (OpenBlasSide openBlas = OpenBlasSide.start(out, numpyScript, threads, openBlasProducts(batch));
             JvmExecutor exec = new JvmExecutor(threads)) {
            out.printf("%n%-36s %10s %12s %14s %8s%n", "GEMM (m x n x k)", "time ms", "Java GFLOP/s",
                    "OpenBLAS GFLOP/s", "ratio");
            Timing timing = new Timing(repeats, rounds, openBlas);
            for (Dense layer : DENSE) {
                benchDense(out, exec, layer, batch, timing);
            }
            if (directConvolution) {
                out.printf("%n%-36s %10s %12s%n", "convolution (direct)", "time ms", "GFLOP/s");
                for (Conv conv : CONV) {
                    benchConv(out, exec, conv, batch);
                }
            }
        }
    }

    /** The same products for numpy, NAME:M:N:K:FORM: the input gradient as dOut W^T, transposed as a view. */
    private static List<String> openBlasProducts(int batch) {
        List<String> products = new ArrayList<>();
        for (Dense d : DENSE) {
            products.add(d.name() + ".fwd:" + batch + ":" + d.out() + ":" + d.in() + ":nn");
            products.add(d.name() + ".dw:" + d.in() + ":" + d.out() + ":" + batch + ":tn");
            products.add(d.name() + ".din:" + batch + ":" + d.in() + ":" + d.out() + ":nt");
        }
        return products;
    }

    private static void benchDense(PrintStream out, JvmExecutor exec, Dense layer, int batch, Timing timing) {
        Random random = new Random(1);
        float[] in = random(random, batch * layer.in());
        float[] weights = random(random, layer.in() * layer.out());
        float[] result = new float[batch * layer.out()];
        float[] outGrad = random(random, batch * layer.out());
        float[] weightGrad = new float[weights.length];
        float[] outGradT = new float[outGrad.length];
        float[] inGradT = new float[in.length];
        float[] inGrad = new float[in.length];
        int b = batch;
        int i = layer.in();
        int o = layer.out();
        double flops = 2.0 * b * i * o;
        timing.compare(out, layer.name() + " forward " + b + "x" + o + "x" + i, layer.name() + ".fwd", flops,
                engine -> () -> exec.parallelFor(Gemm.tiles(b, o),
                        (f, c) -> engine.nn().run(in, 0, weights, 0, result, 0, b, o, i, 0f, f, c)));
        timing.compare(out, layer.name() + " dW (tn) " + i + "x" + o + "x" + b, layer.name() + ".dw", flops,
                engine -> () -> exec.parallelFor(Gemm.tiles(i, o),
                        (f, c) -> engine.tn().run(in, 0, outGrad, 0, weightGrad, 0, i, o, b, 0f, f, c)));
        timing.compare(out, layer.name() + " dIn (T+nn+T) " + i + "x" + b + "x" + o, layer.name() + ".din", flops,
                engine -> () -> {
                    exec.parallelFor(o, (f, c) -> HostKernels.transpose(outGrad, 0, outGradT, 0, b, o, f, c));
                    exec.parallelFor(Gemm.tiles(i, b),
                            (f, c) -> engine.nn().run(weights, 0, outGradT, 0, inGradT, 0, i, b, o, 0f, f, c));
                    exec.parallelFor(b, (f, c) -> HostKernels.transpose(inGradT, 0, inGrad, 0, i, b, f, c));
                });
    }

    /** A matrix product with the arguments of {@link Gemm#nn} and {@link Gemm#tn}. */
    private interface Product {
        void run(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k, float beta,
                 int first, int count);
    }

    /** A way to multiply matrices: the plain kernels, or the JVM's Vector API path. */
    private record Engine(Product nn, Product tn) {
    }

    private static final Engine PLAIN = new Engine(Gemm::nn, Gemm::tn);
    private static final Engine VECTORIZED = new Engine(HostGemm::nn, HostGemm::tn);

    /** How a product is timed on each side, and the OpenBLAS side (null without it). */
    private record Timing(int repeats, int rounds, OpenBlasSide openBlas) {

        /**
         * Two rows: the plain kernel (best of the repeats), then the Vector API path and OpenBLAS, each
         * the best of its rounds, taken in turn.
         */
        void compare(PrintStream out, String what, String openBlasName, double flops,
                     Function<Engine, Runnable> product) {
            double plain = best(repeats, product.apply(PLAIN));
            Runnable vectorized = product.apply(VECTORIZED);
            double seconds = Double.MAX_VALUE;
            double openBlasGflops = 0;
            for (int round = 0; round < rounds; round++) {
                seconds = Math.min(seconds, best(repeats, vectorized));
                if (openBlas != null) {
                    openBlasGflops = Math.max(openBlasGflops, openBlas.gflops(openBlasName, repeats));
                }
            }
            double blas = openBlas == null ? Double.NaN : openBlasGflops;
            report(out, what, flops, blas, plain);
            report(out, "  same, Vector API", flops, blas, seconds);
        }
    }

    private static void benchConv(PrintStream out, JvmExecutor exec, Conv conv, int batch) {
        Random random = new Random(2);
        int c = conv.channels();
        int h = conv.size();
        int f = conv.filters();
        int k = conv.kernelSize();
        int s = conv.stride();
        int p = conv.pad();
        int g = conv.groups();
        int o = conv.outSize();
        float[] in = random(random, batch * c * h * h);
        float[] weights = random(random, f * (c / g) * k * k);
        float[] bias = random(random, f);
        float[] result = new float[batch * f * o * o];
        float[] inGrad = new float[in.length];
        float[] weightGrad = new float[weights.length];
        float[] biasGrad = new float[f];
        Runnable forward = () -> exec.parallelFor(batch * f, (first, count) -> Convolution.forward(in, weights,
                bias, result, batch, c, h, h, f, k, s, p, g, o, o, first, count));
        Runnable backwardInput = () -> exec.parallelFor(batch * c, (first, count) -> Convolution.backwardInput(
                result, weights, inGrad, batch, c, h, h, f, k, s, p, g, o, o, first, count));
        Runnable backwardWeights = () -> exec.parallelFor(f, (first, count) -> Convolution.backwardWeights(in,
                result, weightGrad, biasGrad, batch, c, h, h, f, k, s, p, g, o, o, first, count));
        String shape = " " + c + "x" + h + "x" + h + " -> " + f + "x" + o + "x" + o;
        report(out, conv.name() + " forward" + shape, conv.flops(batch), Double.NaN, best(1, forward));
        report(out, conv.name() + " back input", conv.flops(batch), Double.NaN, best(1, backwardInput));
        report(out, conv.name() + " back weights", conv.flops(batch), Double.NaN, best(1, backwardWeights));
    }

    /** Best of {@code repeats} timed runs after one untimed warm-up run, in seconds. */
    private static double best(int repeats, Runnable body) {
        body.run();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            body.run();
            best = Math.min(best, (System.nanoTime() - start) * 1e-9);
        }
        return best;
    }

    /** A row of the table; openBlasGflops NaN when there is nothing to compare with. */
    private static void report(PrintStream out, String what, double flops, double openBlasGflops, double seconds) {
        double gflops = flops / seconds * 1e-9;
        if (Double.isNaN(openBlasGflops)) {
            out.printf("%-36s %10.1f %12.1f%n", what, seconds * 1e3, gflops);
        } else {
            out.printf("%-36s %10.1f %12.1f %14.1f %7.0f%%%n", what, seconds * 1e3, gflops, openBlasGflops,
                    100 * gflops / openBlasGflops);
        }
        out.flush();
    }

    private static float[] random(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextFloat() - 0.5f;
        }
        return x;
    }
}

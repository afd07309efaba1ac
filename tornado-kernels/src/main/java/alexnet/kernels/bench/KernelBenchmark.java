package alexnet.kernels.bench;

import alexnet.kernels.Convolution;
import alexnet.kernels.Gemm;
import alexnet.kernels.host.HostGemm;
import alexnet.kernels.JvmExecutor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * GFLOP/s of the kernels on AlexNet's shapes: the fully connected layers' three GEMMs (forward, weight
 * gradient, input gradient) side by side with the same products through numpy/OpenBLAS in a
 * subprocess, and conv1..conv5 forward and backward. A benchmark, not a test: numbers depend on the
 * machine and on what else runs on it.
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
     * @param repeats     timed runs per GEMM (best is reported); convolutions run once after a warm-up
     * @param numpyScript scripts/openblas_gemm.py, or null to skip OpenBLAS
     */
    public static void run(PrintStream out, int threads, int batch, int repeats, Path numpyScript,
                           boolean directConvolution) {
        out.printf("Kernel benchmark: %d JVM threads, batch %d, %s %s%n", threads, batch,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        Map<String, String> openBlas = openBlas(out, numpyScript, threads, batch, repeats);
        try (JvmExecutor exec = new JvmExecutor(threads)) {
            out.printf("%n%-36s %10s %12s %14s %8s%n", "GEMM (m x n x k)", "time ms", "Java GFLOP/s",
                    "OpenBLAS GFLOP/s", "ratio");
            for (Dense layer : DENSE) {
                benchDense(out, exec, layer, batch, repeats, openBlas);
            }
            if (directConvolution) {
                out.printf("%n%-36s %10s %12s%n", "convolution (direct)", "time ms", "GFLOP/s");
                for (Conv conv : CONV) {
                    benchConv(out, exec, conv, batch);
                }
            }
        }
    }

    private static void benchDense(PrintStream out, JvmExecutor exec, Dense layer, int batch, int repeats,
                                   Map<String, String> openBlas) {
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
        for (Engine engine : ENGINES) {
            report(out, engine.label(layer.name() + " forward " + b + "x" + o + "x" + i), flops,
                    openBlas.get(layer.name() + ".fwd"), best(repeats, () -> exec.parallelFor(Gemm.tiles(b, o),
                            (f, c) -> engine.nn().run(in, 0, weights, 0, result, 0, b, o, i, 0f, f, c))));
        }
        for (Engine engine : ENGINES) {
            report(out, engine.label(layer.name() + " dW (tn) " + i + "x" + o + "x" + b), flops,
                    openBlas.get(layer.name() + ".dw"), best(repeats, () -> exec.parallelFor(Gemm.tiles(i, o),
                            (f, c) -> engine.tn().run(in, 0, outGrad, 0, weightGrad, 0, i, o, b, 0f, f, c))));
        }
        for (Engine engine : ENGINES) {
            report(out, engine.label(layer.name() + " dIn (T+nn+T) " + i + "x" + b + "x" + o), flops,
                    openBlas.get(layer.name() + ".din"), best(repeats, () -> {
                        exec.parallelFor(o, (f, c) -> Gemm.transpose(outGrad, 0, outGradT, 0, b, o, f, c));
                        exec.parallelFor(Gemm.tiles(i, b),
                                (f, c) -> engine.nn().run(weights, 0, outGradT, 0, inGradT, 0, i, b, o, 0f, f, c));
                        exec.parallelFor(b, (f, c) -> Gemm.transpose(inGradT, 0, inGrad, 0, i, b, f, c));
                    }));
        }
    }

    /** A matrix product with the arguments of {@link Gemm#nn} and {@link Gemm#tn}. */
    private interface Product {
        void run(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k, float beta,
                 int first, int count);
    }

    /** The plain kernels, and the JVM's Vector API path beside them; {@code name} null for the first. */
    private record Engine(String name, Product nn, Product tn) {
        String label(String what) {
            return name == null ? what : "  same, " + name;
        }
    }

    private static final List<Engine> ENGINES = List.of(new Engine(null, Gemm::nn, Gemm::tn),
            new Engine("Vector API", HostGemm::nn, HostGemm::tn));

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
        report(out, conv.name() + " forward" + shape, conv.flops(batch), null, best(1, forward));
        report(out, conv.name() + " back input", conv.flops(batch), null, best(1, backwardInput));
        report(out, conv.name() + " back weights", conv.flops(batch), null, best(1, backwardWeights));
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

    private static void report(PrintStream out, String what, double flops, String openBlasGflops, double seconds) {
        double gflops = flops / seconds * 1e-9;
        if (openBlasGflops == null) {
            out.printf("%-36s %10.1f %12.1f%n", what, seconds * 1e3, gflops);
        } else {
            double blas = Double.parseDouble(openBlasGflops);
            out.printf("%-36s %10.1f %12.1f %14.1f %7.0f%%%n", what, seconds * 1e3, gflops, blas,
                    100 * gflops / blas);
        }
        out.flush();
    }

    /** The same GEMMs through numpy: name.fwd, name.dw, name.din -> GFLOP/s; empty if unavailable. */
    private static Map<String, String> openBlas(PrintStream out, Path script, int threads, int batch, int repeats) {
        Map<String, String> result = new HashMap<>();
        if (script == null) {
            out.println("OpenBLAS: skipped (no numpy script given)");
            return result;
        }
        if (!Files.isRegularFile(script)) {
            out.println("OpenBLAS: skipped, script not found: " + script);
            return result;
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(),
                Integer.toString(repeats)));
        for (Dense d : DENSE) {
            command.add(d.name() + ".fwd:" + batch + ":" + d.out() + ":" + d.in() + ":nn");
            command.add(d.name() + ".dw:" + d.in() + ":" + d.out() + ":" + batch + ":tn");
            command.add(d.name() + ".din:" + batch + ":" + d.in() + ":" + d.out() + ":nt");
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
            Process process = builder.start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                out.println("OpenBLAS: unavailable (exit " + exit + "): " + String.join(" / ", lines));
                return result;
            }
            for (String line : lines) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    result.put(parts[0], parts[1]);
                }
            }
            out.println("OpenBLAS: numpy via " + script + ", " + threads + " threads, core type "
                    + result.getOrDefault("coretype", "?"));
        } catch (IOException e) {
            out.println("OpenBLAS: unavailable, could not run /usr/bin/python3: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("OpenBLAS: interrupted");
        }
        return result;
    }

    private static float[] random(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextFloat() - 0.5f;
        }
        return x;
    }
}

package alexnet.net.bench;

import alexnet.kernels.JvmExecutor;
import alexnet.kernels.Sgd;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.Net;
import alexnet.net.layers.SoftmaxLossLayer;
import alexnet.net.spec.LayerInfo;
import alexnet.net.spec.NetSpec;
import java.io.PrintStream;
import java.util.List;
import java.util.Random;

/**
 * Where a training step's time goes: every layer of a net, forward and backward, and the SGD
 * update of every parameter, timed on the JVM device at a given batch, with GFLOP/s for the conv and fc layers and each layer's share of
 * the step. A benchmark, not a test: figures depend on the machine and on what else runs.
 */
public final class LayerBenchmark {

    private LayerBenchmark() {
    }

    /** Times {@code repeats} training steps after {@code warmup} untimed ones. */
    public static void run(PrintStream out, NetSpec spec, int batch, int threads, int warmup, int repeats) {
        Net net = new Net(spec, batch, 1L);
        net.initialize(1L);
        Random random = new Random(1);
        float[] input = net.input().data();
        for (int i = 0; i < batch * spec.input().size(); i++) {
            input[i] = (float) random.nextGaussian() * 50f * spec.inputScale();
        }
        int[] labels = new int[batch];
        for (int n = 0; n < batch; n++) {
            labels[n] = random.nextInt(spec.classes());
        }
        List<Layer> layers = net.layers();
        ((SoftmaxLossLayer) layers.get(layers.size() - 1)).setLabels(labels);
        List<LayerInfo> infos = spec.describe();
        long[] forward = new long[layers.size()];
        long[] backward = new long[layers.size()];
        long[] update = new long[1];
        try (JvmExecutor device = new JvmExecutor(threads)) {
            for (int step = 0; step < warmup + repeats; step++) {
                boolean timed = step >= warmup;
                Layer.Pass pass = new Layer.Pass(true, step);
                for (int i = 0; i < layers.size(); i++) {
                    long start = System.nanoTime();
                    layers.get(i).forward(net.blob(i), net.blob(i + 1), batch, pass, device);
                    record(forward, i, timed, start);
                }
                for (int i = layers.size() - 1; i >= 0; i--) {
                    Blob in = net.blob(i);
                    long start = System.nanoTime();
                    layers.get(i).backward(in, net.blob(i + 1), batch, i > 0, device);
                    record(backward, i, timed, start);
                }
                long start = System.nanoTime();
                net.update(0.01f, Sgd.MOMENTUM, Sgd.WEIGHT_DECAY, device);
                record(update, 0, timed, start);
            }
        }
        double updateMs = update[0] / 1e6 / repeats;
        double step = updateMs;
        for (int i = 0; i < layers.size(); i++) {
            step += (forward[i] + backward[i]) / 1e6 / repeats;
        }
        out.printf("%s, batch %d, %d threads, mean of %d steps after %d warm-up; a step is every layer's forward "
                + "and backward and the SGD update%n", spec.name(), batch, threads, repeats, warmup);
        out.printf("%-7s %10s %10s %10s %10s %7s%n", "layer", "fwd ms", "fwd GF/s", "bwd ms", "bwd GF/s", "share");
        double forwardTotal = 0;
        for (int i = 0; i < layers.size(); i++) {
            double f = forward[i] / 1e6 / repeats;
            double b = backward[i] / 1e6 / repeats;
            forwardTotal += f;
            double flops = (double) infos.get(i).forwardFlops() * batch;
            out.printf("%-7s %10.1f %10s %10.1f %10s %6.1f%%%n", layers.get(i).name(), f, rate(flops, f), b,
                    rate(2 * flops, b), 100 * (f + b) / step);
        }
        out.printf("%-7s %10s %10s %10.1f %10s %6.1f%%%n", "update", "", "", updateMs, "", 100 * updateMs / step);
        out.printf("step %.0f ms: %.1f images/s training, %.1f images/s inference (forward only)%n", step,
                batch / (step / 1e3), batch / (forwardTotal / 1e3));
    }

    private static void record(long[] times, int i, boolean timed, long start) {
        if (timed) {
            times[i] += System.nanoTime() - start;
        }
    }

    /** GFLOP/s, or blank for layers whose FLOPs are not counted (backward costs twice forward). */
    private static String rate(double flops, double ms) {
        return flops == 0 ? "" : String.format("%.1f", flops / (ms / 1e3) / 1e9);
    }
}

package alexnet.net.parallel;

import alexnet.kernels.JvmExecutor;
import alexnet.net.Layer;
import alexnet.net.Net;
import alexnet.net.Network;
import alexnet.net.spec.Architectures;
import alexnet.net.spec.NetSpec;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code alexnet bench-devices}: the training step (forward, backward, SGD update) of the full
 * AlexNet on one JVM device with all the threads against the paper's two-device split with half
 * the threads each (equal total cores), and for the two devices the bytes moved per step and the
 * share of the devices' time spent at exchanges (waiting for the peer, and copying).
 */
@Command(name = "bench-devices", mixinStandardHelpOptions = true,
        description = "Step time of the net on 1 JVM device x N threads vs 2 devices x N/2 threads (the paper's "
                + "two-GPU split), bytes moved between the devices per step and the share of time at exchanges.")
public final class TwoDeviceBenchmark implements Callable<Integer> {

    @Option(names = "--net", defaultValue = "alexnet", description = "alexnet or small. Default: ${DEFAULT-VALUE}.")
    String net = "alexnet";

    @Option(names = "--classes", defaultValue = "1000", description = "Classes. Default: ${DEFAULT-VALUE}.")
    int classes = 1000;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size. Default: ${DEFAULT-VALUE} (the paper's).")
    int batch = 128;

    @Option(names = "--threads", description = "Total kernel threads (even). Default: all cores.")
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());

    @Option(names = "--steps", defaultValue = "3", description = "Timed steps per configuration. Default: ${DEFAULT-VALUE}.")
    int steps = 3;

    @Option(names = "--warmup", defaultValue = "1", description = "Untimed steps first. Default: ${DEFAULT-VALUE}.")
    int warmup = 1;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TwoDeviceBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        if (batch < 1 || steps < 1 || warmup < 0 || threads < 2 || threads % 2 != 0) {
            System.err.println("bench-devices: --batch and --steps must be >= 1, --threads even and >= 2");
            return 2;
        }
        run(System.out);
        return 0;
    }

    void run(PrintStream out) {
        NetSpec spec = Architectures.base(net, classes);
        out.printf("%s (%d classes), batch %d, %d timed steps after %d warm-up, %d cores available%n", spec.name(),
                classes, batch, steps, warmup, Runtime.getRuntime().availableProcessors());
        double[] one;
        try (JvmExecutor executor = new JvmExecutor(threads); Net single = new Net(spec, batch, 1L)) {
            one = time(single, executor, spec);
        }
        System.gc();
        double[] two;
        TransferStats.Report report;
        try (JvmExecutor unused = new JvmExecutor(1);
             TwoDeviceNet pair = new TwoDeviceNet(spec, batch, 1L, threads / 2)) {
            two = time(pair, unused, spec);
            report = pair.transfers().snapshot();
        }
        double medianOne = median(one);
        double medianTwo = median(two);
        out.printf("1 device  x %d threads: step %.3f s (median; all %s)%n", threads, medianOne, Arrays.toString(one));
        out.printf("2 devices x %d threads: step %.3f s (median; all %s), %.2fx the one-device speed%n", threads / 2,
                medianTwo, Arrays.toString(two), medianOne / medianTwo);
        out.printf("2 devices: %s%n", report.describe());
        for (int d = 0; d < report.waitNanos().length; d++) {
            out.printf("  jvm%d: %.3f s waiting for the peer, %.3f s copying, per step%n", d,
                    report.waitNanos()[d] / 1e9 / steps, report.copyNanos()[d] / 1e9 / steps);
        }
    }

    /** Seconds per step for {@code steps} steps after {@code warmup}; the stats cover the timed steps. */
    private double[] time(Network network, JvmExecutor executor, NetSpec spec) {
        network.initialize(2L);
        Random random = new Random(3L);
        float[] images = network.input().data();
        for (int i = 0; i < batch * spec.input().size(); i++) {
            images[i] = (float) random.nextGaussian() * 50f;
        }
        int[] labels = new int[batch];
        for (int n = 0; n < batch; n++) {
            labels[n] = random.nextInt(spec.classes());
        }
        double[] seconds = new double[steps];
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup && network instanceof TwoDeviceNet) {
                ((TwoDeviceNet) network).transfers().reset();
            }
            long start = System.nanoTime();
            network.forward(labels, batch, new Layer.Pass(true, s), executor);
            network.backward(batch, executor);
            network.update(1e-4f, 0.9f, 5e-4f, executor);
            if (s >= warmup) {
                seconds[s - warmup] = Math.round((System.nanoTime() - start) / 1e6) / 1e3;
            }
        }
        return seconds;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

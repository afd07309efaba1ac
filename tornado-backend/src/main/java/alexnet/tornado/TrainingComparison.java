package alexnet.tornado;

import alexnet.kernels.JvmExecutor;
import alexnet.kernels.Sgd;
import alexnet.net.Net;
import alexnet.net.Network;
import alexnet.net.Param;
import alexnet.net.parallel.TwoDeviceNet;
import alexnet.net.spec.Architectures;
import alexnet.net.spec.NetSpec;
import java.io.PrintStream;
import java.util.List;
import java.util.Random;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * The same short training run twice from the same initial weights and data: on the JVM (the layers'
 * kernels through {@link JvmExecutor}, each step as the Trainer runs it) and on TornadoVM: one device
 * ({@link TornadoNetwork}, one task graph per step) or the paper's two-device split
 * ({@link TornadoTwoDeviceNet} against the JVM {@link TwoDeviceNet}). Prints both losses per step and
 * the step times.
 *
 * <p>Data: synthetic 57x57 images, each class a fixed random pattern plus noise, so the loss falls within
 * a few steps. Pass criterion: every step's losses agree within {@link #TOLERANCE} relative. The kernels
 * agree to 1e-5 or better (the matrix); those differences go through a few steps of SGD and a chain of
 * layers, growing by a modest factor in a few steps; 1e-3 of the loss is far above that and far below
 * the change of the loss from one step to the next.
 */
public final class TrainingComparison {

    static final double TOLERANCE = 1e-3;
    static final int CLASSES = 10;
    static final float LEARNING_RATE = 0.001f;
    static final long SEED = 42;

    private TrainingComparison() {
    }

    /** Synthetic batch {@code step}: images and labels, the same on every call. */
    static void batch(long step, int batch, int imageSize, float[][] patterns, float[] images, int[] labels) {
        Random random = new Random(SEED * 31 + step);
        for (int n = 0; n < batch; n++) {
            int label = random.nextInt(CLASSES);
            labels[n] = label;
            for (int i = 0; i < imageSize; i++) {
                images[n * imageSize + i] = patterns[label][i] + 0.5f * (float) random.nextGaussian();
            }
        }
    }

    static float[][] patterns(int imageSize) {
        Random random = new Random(SEED);
        float[][] patterns = new float[CLASSES][imageSize];
        for (float[] pattern : patterns) {
            for (int i = 0; i < imageSize; i++) {
                pattern[i] = (float) random.nextGaussian();
            }
        }
        return patterns;
    }

    /** One device: a JVM {@link Net} against a {@link TornadoNetwork} (one task graph per step). */
    public static boolean run(TornadoDevice device, int steps, int batch, PrintStream out) {
        NetSpec spec = Architectures.small(CLASSES);
        try (Network jvm = new Net(spec, batch, SEED); Network tornado = new TornadoNetwork(spec, batch, SEED, device)) {
            return compare(jvm, tornado, steps, batch, out);
        }
    }

    /**
     * Two devices: the JVM {@link TwoDeviceNet} against a {@link TornadoTwoDeviceNet} with its towers on
     * {@code first} and {@code second} (may be the same device).
     */
    public static boolean runTwoDevices(TornadoDevice first, TornadoDevice second, int steps, int batch,
                                        PrintStream out) {
        NetSpec spec = Architectures.small(CLASSES);
        try (Network jvm = new TwoDeviceNet(spec, batch, SEED, 1);
             Network tornado = new TornadoTwoDeviceNet(spec, batch, SEED, first, second)) {
            return compare(jvm, tornado, steps, batch, out);
        }
    }

    /** Trains both from the same initial weights on the same batches and prints them side by side. */
    private static boolean compare(Network jvmNet, Network deviceNet, int steps, int batch, PrintStream out) {
        jvmNet.initialize(SEED);
        deviceNet.initialize(SEED);
        int imageSize = jvmNet.spec().input().size();
        float[][] patterns = patterns(imageSize);
        float[] images = new float[batch * imageSize];
        int[] labels = new int[batch];
        boolean ok = true;
        try (JvmExecutor jvm = new JvmExecutor()) {
            double jvmTime = 0;
            double deviceTime = 0;
            out.printf("%4s %12s %12s %10s %10s %10s%n", "step", "JVM loss", "device loss", "rel diff", "JVM ms",
                    "device ms");
            for (int step = 0; step < steps; step++) {
                batch(step, batch, imageSize, patterns, images, labels);
                System.arraycopy(images, 0, jvmNet.input().data(), 0, images.length);
                System.arraycopy(images, 0, deviceNet.input().data(), 0, images.length);
                long t0 = System.nanoTime();
                float jvmLoss = jvmNet.trainStep(labels, batch, step, LEARNING_RATE, Sgd.MOMENTUM, Sgd.WEIGHT_DECAY, jvm);
                long t1 = System.nanoTime();
                float deviceLoss = deviceNet.trainStep(labels, batch, step, LEARNING_RATE, Sgd.MOMENTUM,
                        Sgd.WEIGHT_DECAY, jvm);
                long t2 = System.nanoTime();
                if (step == 0) {
                    out.printf("(the first device step includes TornadoVM compiling the graphs: %.1f s)%n",
                            (t2 - t1) / 1e9);
                } else {
                    jvmTime += (t1 - t0) / 1e6;
                    deviceTime += (t2 - t1) / 1e6;
                }
                double diff = Math.abs(deviceLoss - jvmLoss) / Math.max(1e-6, Math.abs(jvmLoss));
                boolean agrees = diff <= TOLERANCE;
                ok &= agrees;
                out.printf("%4d %12.6f %12.6f %10.2e %10.1f %10.1f %s%n", step, jvmLoss, deviceLoss, diff,
                        (t1 - t0) / 1e6, (t2 - t1) / 1e6, agrees ? "" : "  <-- differs");
            }
            double paramDiff = maxParamDiff(jvmNet.params(), deviceNet.params());
            out.printf("after %d steps: largest |w_device - w_jvm| / (1 + |w_jvm|) over all parameters: %.2e%n", steps,
                    paramDiff);
            if (steps > 1) {
                out.printf("mean step time (steps 1..%d): JVM %.1f ms, TornadoVM %.1f ms (%.2fx)%n", steps - 1,
                        jvmTime / (steps - 1), deviceTime / (steps - 1), jvmTime / deviceTime);
            }
            ok &= paramDiff <= 1e-2;
        }
        out.println(ok ? "training comparison: PASS" : "training comparison: FAIL");
        return ok;
    }

    static double maxParamDiff(List<Param> a, List<Param> b) {
        double worst = 0;
        for (int p = 0; p < a.size(); p++) {
            worst = Math.max(worst, PortabilitySuite.error(a.get(p).value(), b.get(p).value()));
        }
        return worst;
    }
}

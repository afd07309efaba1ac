package alexnet.tornado;

import alexnet.kernels.JvmExecutor;
import alexnet.kernels.Sgd;
import alexnet.net.Net;
import alexnet.net.Network;
import alexnet.net.spec.NetSpec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * {@code alexnet-tornado bench}: the training step on a TornadoVM device, launch by launch (work-items,
 * work-group, device time from TornadoVM's profiler, GFLOP/s, share of the step), then the step's
 * images/s beside the JVM's step on the same machine, and the paper's two-device split on two devices.
 * Random images and labels: the speed of a step does not depend on what it learns.
 */
final class DeviceBenchmark {

    private static final float RATE = 0.01f;
    private static final Pattern TASK = Pattern.compile("\"([^\"]+)\": \\{([^{}]*)}");
    private static final Pattern KERNEL_TIME = Pattern.compile("\"TASK_KERNEL_TIME\": \"(\\d+)\"");
    private static final Pattern METHOD = Pattern.compile("\"METHOD\": \"([^\"]*)\"");

    /** One launch as TornadoVM's profiler saw it: the kernel method and its device time. */
    record Profile(String method, long nanos) {
    }

    /** What the benchmark runs. {@code peakGflops}: the device's FP32 peak for the "% of peak" column (0: none). */
    record Settings(NetSpec spec, int batch, int steps, Boolean tiled, Boolean lineGrids, int jvmSteps, int threads,
                    double peakGflops) {
    }

    private DeviceBenchmark() {
    }

    /** The one-device step on {@code device}, launch by launch, then the JVM's step. */
    static void oneDevice(PrintStream out, TornadoDevices.Entry device, Settings s) {
        TornadoDevice tornado = device.device();
        LaunchShapes defaults = LaunchShapes.of(tornado);
        LaunchShapes shapes = LaunchShapes.of(tornado, s.tiled() == null ? defaults.tiled() : s.tiled(),
                s.lineGrids() == null ? defaults.lineGrids() : s.lineGrids());
        out.printf("device %s: %s (%s, %s); net %s, batch %d; products %s; 1-D launches: %s%n", device.id(),
                TornadoDevices.name(tornado), tornado.getTornadoVMBackend(), tornado.getDeviceType(), s.spec().name(),
                s.batch(), shapes.tiled() ? "tiled (TiledGemm, 64x64 tiles)"
                        : "in register tiles of 4 x 8 or 4 x 4 elements of C",
                shapes.lineGrids() ? "work-groups of " + shapes.local()
                        : "work-groups of " + shapes.local() + ", but TornadoVM's own where the bound is a parameter");
        Net net = new Net(s.spec(), s.batch(), 1);
        float[] images = images(net, s.batch());
        int[] labels = labels(s.spec(), s.batch());
        List<Double> stepMs = new ArrayList<>();
        Map<String, Profile> profiles;
        float firstLoss, lastLoss;
        try (TornadoTrainingStep step = new TornadoTrainingStep(net, s.batch(), tornado, Sgd.MOMENTUM,
                Sgd.WEIGHT_DECAY, shapes)) {
            step.profile();
            long start = System.nanoTime();
            firstLoss = step.step(images, labels, 0, RATE);
            out.printf("first step (TornadoVM compiles %d tasks): %.1f s, loss %.4f%n", step.tasks().size(),
                    (System.nanoTime() - start) / 1e9, firstLoss);
            step.step(images, labels, 1, RATE);
            profiles = kernelTimes(step.profileLog(), step.graphName());
            step.stopProfiling();
            lastLoss = firstLoss;
            for (int i = 0; i < s.steps(); i++) {
                start = System.nanoTime();
                lastLoss = step.step(images, labels, 2 + i, RATE);
                stepMs.add((System.nanoTime() - start) / 1e6);
            }
            printLaunches(out, step.tasks(), profiles, s.peakGflops());
        }
        double deviceMs = median(stepMs);
        out.printf("device step: median %.2f ms of %d (%s), loss %.4f -> %.4f%n", deviceMs, stepMs.size(),
                format(stepMs), firstLoss, lastLoss);
        double jvmMs = jvmStep(out, s);
        out.printf("device step: %.1f images/s, JVM step: %s%n", s.batch() * 1000 / deviceMs,
                jvmMs > 0 ? String.format("%.1f images/s", s.batch() * 1000 / jvmMs) : "not run");
    }

    /** The paper's split: one tower per device (the same device twice: the towers take turns). */
    static void twoDevices(PrintStream out, TornadoDevices.Entry first, TornadoDevices.Entry second, Settings s) {
        out.printf("two towers: tower 0 on %s (%s), tower 1 on %s (%s); net %s, batch %d%n", first.id(),
                TornadoDevices.name(first.device()), second.id(), TornadoDevices.name(second.device()),
                s.spec().name(), s.batch());
        try (TornadoTwoDeviceNet net = new TornadoTwoDeviceNet(s.spec(), s.batch(), 1, first.device(),
                second.device()); JvmExecutor jvm = new JvmExecutor(s.threads())) {
            float[] images = images(net, s.batch());
            int[] labels = labels(s.spec(), s.batch());
            System.arraycopy(images, 0, net.input().data(), 0, images.length);
            long start = System.nanoTime();
            float loss = net.trainStep(labels, s.batch(), 0, RATE, Sgd.MOMENTUM, Sgd.WEIGHT_DECAY, jvm);
            out.printf("first step (TornadoVM compiles both towers): %.1f s, loss %.4f%n",
                    (System.nanoTime() - start) / 1e9, loss);
            List<Double> stepMs = new ArrayList<>();
            for (int i = 0; i < s.steps(); i++) {
                start = System.nanoTime();
                loss = net.trainStep(labels, s.batch(), 1 + i, RATE, Sgd.MOMENTUM, Sgd.WEIGHT_DECAY, jvm);
                stepMs.add((System.nanoTime() - start) / 1e6);
            }
            double ms = median(stepMs);
            out.printf("exchanged between the towers per step: %.1f MB each way through the host (%s)%n",
                    net.exchangedBytesPerStep() / 1e6, net.describeExchanges());
            out.printf("two-device step: median %.2f ms of %d (%s), loss %.4f: %.1f images/s%n", ms, stepMs.size(),
                    format(stepMs), loss, s.batch() * 1000 / ms);
        }
    }

    private static void printLaunches(PrintStream out, List<LayerTasks.Task> tasks, Map<String, Profile> profiles,
                                      double peak) {
        long total = 0;
        for (LayerTasks.Task task : tasks) {
            total += nanos(profiles, task);
        }
        out.printf("%n%-22s %-26s %12s %11s %9s %9s %7s%s%n", "launch", "kernel", "work-items", "work-group",
                "ms", "GFLOP/s", "share", peak > 0 ? "  % of FP32 peak" : "");
        LayerTasks.Task smallest = null;
        long flops = 0;
        for (LayerTasks.Task task : tasks) {
            long ns = profiles.containsKey(task.name()) ? nanos(profiles, task) : -1;
            long items = LaunchShapes.workItems(task.grid());
            String gflops = task.flops() > 0 && ns > 0 ? String.format("%.0f", task.flops() / (double) ns) : "-";
            String ofPeak = peak > 0 && task.flops() > 0 && ns > 0
                    ? String.format("  %.1f%%", 100 * task.flops() / (double) ns / peak) : "";
            out.printf("%-22s %-26s %,12d %11s %9s %9s %6.1f%%%s%n", task.name(), kernel(profiles, task), items,
                    local(task), ns < 0 ? "?" : String.format("%.3f", ns / 1e6), gflops,
                    ns < 0 ? 0 : 100.0 * ns / total, ofPeak);
            if (smallest == null || items < LaunchShapes.workItems(smallest.grid())) {
                smallest = task;
            }
            flops += task.flops();
        }
        out.printf("%nkernels: %.2f ms of device time a step, %.1f GFLOP in products: %.0f GFLOP/s over the kernels%n",
                total / 1e6, flops / 1e9, total > 0 ? flops / (double) total : 0);
        out.println("launches under " + LayerTasks.ENOUGH_WORK_ITEMS + " work-items, and why:");
        for (LayerTasks.Task task : tasks) {
            long items = LaunchShapes.workItems(task.grid());
            if (items < LayerTasks.ENOUGH_WORK_ITEMS) {
                out.printf("  %-22s %,10d  %s%n", task.name(), items, why(kernel(profiles, task)));
            }
        }
        out.printf("smallest launch: %d work-items (%s)%n", LaunchShapes.workItems(smallest.grid()),
                smallest.name());
    }

    /** Why a launch is small: what it writes is that small, at one output per work-item. */
    private static String why(String kernel) {
        if (kernel.startsWith("Sums.sumSlices")) {
            return "second stage of a sum (over the batch, or over slices of a product's depth): one work-item "
                    + "per output";
        }
        if (kernel.startsWith("Sums.planeSums")) {
            return "first stage of a bias gradient: one work-item per (image, filter)";
        }
        if (kernel.startsWith("Softmax.rows")) {
            return "one work-item per example: the maximum and sum over its classes";
        }
        if (kernel.startsWith("DeviceKernels.sgdUpdate")) {
            return "one work-item per parameter of this array";
        }
        if (kernel.startsWith("TiledGemm")) {
            return "16 outputs per work-item: the product's C is that small, and its depth too short to split";
        }
        if (kernel.startsWith("MatrixProducts.multiplyFour")) {
            return "a tile of 4 x 8 or 4 x 4 elements of C per work-item: C is that small, and its depth too short "
                    + "to split";
        }
        return "one work-item per element it writes";
    }

    private static long nanos(Map<String, Profile> profiles, LayerTasks.Task task) {
        Profile profile = profiles.get(task.name());
        return profile == null ? 0 : profile.nanos();
    }

    /** The kernel's class and method, e.g. "Lowering.im2col", from the profile ("?" if it has none). */
    private static String kernel(Map<String, Profile> profiles, LayerTasks.Task task) {
        Profile profile = profiles.get(task.name());
        if (profile == null) {
            return "?";
        }
        String[] parts = profile.method().split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : profile.method();
    }

    private static String local(LayerTasks.Task task) {
        long[] local = task.grid().getLocalWork();
        return local[1] > 1 ? local[0] + "x" + local[1] : String.valueOf(local[0]);
    }

    /** The last profile of every task of {@code graph} in TornadoVM's profile log, by task name. */
    static Map<String, Profile> kernelTimes(String log, String graph) {
        Map<String, Profile> profiles = new HashMap<>();
        Matcher task = TASK.matcher(log);
        while (task.find()) {
            String id = task.group(1);
            Matcher time = KERNEL_TIME.matcher(task.group(2));
            Matcher method = METHOD.matcher(task.group(2));
            if (id.startsWith(graph + ".") && time.find()) {
                profiles.put(id.substring(graph.length() + 1),
                        new Profile(method.find() ? method.group(1) : "?", Long.parseLong(time.group(1))));
            }
        }
        return profiles;
    }

    /** The JVM's training step of the same net (the host kernels, {@code threads} threads); 0 when not run. */
    private static double jvmStep(PrintStream out, Settings s) {
        if (s.jvmSteps() == 0) {
            return 0;
        }
        Net net = new Net(s.spec(), s.batch(), 1);
        float[] images = images(net, s.batch());
        int[] labels = labels(s.spec(), s.batch());
        System.arraycopy(images, 0, net.input().data(), 0, images.length);
        List<Double> stepMs = new ArrayList<>();
        try (JvmExecutor jvm = new JvmExecutor(s.threads())) {
            net.trainStep(labels, s.batch(), 0, RATE, Sgd.MOMENTUM, Sgd.WEIGHT_DECAY, jvm);
            for (int i = 0; i < s.jvmSteps(); i++) {
                long start = System.nanoTime();
                net.trainStep(labels, s.batch(), 1 + i, RATE, Sgd.MOMENTUM, Sgd.WEIGHT_DECAY, jvm);
                stepMs.add((System.nanoTime() - start) / 1e6);
            }
        }
        double ms = median(stepMs);
        out.printf("JVM step (%d threads): median %.1f ms of %d (%s)%n", s.threads(), ms, stepMs.size(),
                format(stepMs));
        return ms;
    }

    private static float[] images(Network net, int batch) {
        Random random = new Random(7);
        float[] images = new float[batch * net.spec().input().size()];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        return images;
    }

    private static int[] labels(NetSpec spec, int batch) {
        Random random = new Random(11);
        int[] labels = new int[batch];
        for (int n = 0; n < batch; n++) {
            labels[n] = random.nextInt(spec.classes());
        }
        return labels;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int half = sorted.length / 2;
        return sorted.length == 0 ? Double.NaN
                : sorted.length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }

    private static String format(List<Double> values) {
        return Arrays.toString(values.stream().map(v -> String.format("%.1f", v)).toArray());
    }
}

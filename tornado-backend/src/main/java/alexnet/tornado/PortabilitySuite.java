package alexnet.tornado;

import alexnet.kernels.JvmExecutor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * Every kernel, forward and backward, on every TornadoVM device against the JVM ({@link JvmExecutor}, all
 * cores) on the same random data; prints a kernel x device matrix of PASS/FAIL with the largest error
 * (tolerances and their reasons: {@link KernelCases}). Then a short training run per device against the
 * JVM, and one on two devices (the paper's split) against the JVM two-device net ({@link TrainingComparison}).
 */
public final class PortabilitySuite {

    /** One cell of the matrix: the largest error, or why there is none. */
    record Cell(double error, String failure) {

        boolean passes(double tolerance) {
            return failure == null && error <= tolerance;
        }

        String show(double tolerance) {
            if (failure != null) {
                return "ERROR";
            }
            return (passes(tolerance) ? "PASS " : "FAIL ") + String.format("%.1e", error);
        }
    }

    private PortabilitySuite() {
    }

    /** Runs the matrix on the given devices; returns the number of failed cells. */
    public static int runKernels(List<TornadoDevices.Entry> devices, PrintStream out) {
        List<KernelCases.Case> cases = KernelCases.all();
        Cell[][] cells = new Cell[cases.size()][devices.size()];
        try (JvmExecutor jvm = new JvmExecutor()) {
            for (int c = 0; c < cases.size(); c++) {
                KernelCases.Case kase = cases.get(c);
                Object[] expected = kase.arrays().apply(new Random(1000 + c));
                jvm.parallelFor(kase.total(), (first, count) -> kase.jvm().run(expected, first, count));
                for (int d = 0; d < devices.size(); d++) {
                    cells[c][d] = runOnDevice(kase, c, devices.get(d), expected);
                    out.printf("  %-32s on %s: %s%n", kase.name(), devices.get(d).id(), cells[c][d].failure() == null
                            ? cells[c][d].show(kase.tolerance()) : "ERROR " + cells[c][d].failure());
                }
            }
        }
        out.println();
        StringBuilder header = new StringBuilder(String.format("%-32s %-9s", "kernel \\ device", "tolerance"));
        for (TornadoDevices.Entry device : devices) {
            header.append(String.format(" | %-16s", device.id() + " " + shortName(device)));
        }
        out.println(header);
        out.println("-".repeat(header.length()));
        int failed = 0;
        for (int c = 0; c < cases.size(); c++) {
            KernelCases.Case kase = cases.get(c);
            StringBuilder row = new StringBuilder(String.format("%-32s %-9s", kase.name(),
                    kase.tolerance() == 0 ? "exact" : String.format("%.0e", kase.tolerance())));
            for (int d = 0; d < devices.size(); d++) {
                row.append(String.format(" | %-16s", cells[c][d].show(kase.tolerance())));
                if (!cells[c][d].passes(kase.tolerance())) {
                    failed++;
                }
            }
            out.println(row);
        }
        out.printf("%d kernels x %d devices: %d failed.%n", cases.size(), devices.size(), failed);
        for (int c = 0; c < cases.size(); c++) {
            for (int d = 0; d < devices.size(); d++) {
                if (cells[c][d].failure() != null) {
                    out.printf("ERROR %s on %s: TornadoVM could not compile or run it (build log above): %s%n",
                            cases.get(c).name(), devices.get(d).id(),
                            cells[c][d].failure().replaceAll("\u001B\\[[;\\d]*m", ""));
                }
            }
        }
        return failed;
    }

    private static String shortName(TornadoDevices.Entry device) {
        String name = TornadoDevices.name(device.device());
        return name.length() > 11 ? name.substring(0, 11) : name;
    }

    private static int graphs;

    private static Cell runOnDevice(KernelCases.Case kase, int index, TornadoDevices.Entry device, Object[] expected) {
        Object[] arrays = kase.arrays().apply(new Random(1000 + index));
        Object[] outputs = new Object[kase.outputs().length];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = arrays[kase.outputs()[i]];
        }
        try {
            // Every array goes in (none is treated as write-only), the outputs come back.
            TaskGraph graph = new TaskGraph("kernel" + (graphs++)).transferToDevice(DataTransferMode.FIRST_EXECUTION,
                    arrays);
            kase.device().add(graph, arrays);
            graph.transferToHost(DataTransferMode.EVERY_EXECUTION, outputs);
            try (TornadoExecutionPlan plan = new TornadoExecutionPlan(graph.snapshot())) {
                // A device case is launched as the step launches it: its grid, and the step's plan settings.
                GridScheduler scheduler = new GridScheduler();
                if (kase.grid() != null) {
                    scheduler.addWorkerGrid(graph.getTaskGraphName() + ".t",
                            kase.grid().apply(LaunchShapes.of(device.device())));
                }
                LaunchShapes.configure(plan.withDevice(device.device()), scheduler);
                plan.execute();
            }
        } catch (Throwable t) {
            String message = String.valueOf(t.getMessage());
            return new Cell(Double.NaN, t.getClass().getSimpleName() + ": "
                    + message.substring(0, Math.min(200, message.length())).replace('\n', ' '));
        }
        double error = 0;
        for (int i = 0; i < outputs.length; i++) {
            error = Math.max(error, error(expected[kase.outputs()[i]], outputs[i]));
        }
        return new Cell(error, null);
    }

    /** max |device - jvm| / (1 + |jvm|); NaN anywhere counts as infinite, an int difference as 1. */
    static double error(Object expected, Object actual) {
        double worst = 0;
        if (expected instanceof float[] e) {
            float[] a = (float[]) actual;
            for (int i = 0; i < e.length; i++) {
                double d = Math.abs((double) a[i] - e[i]) / (1 + Math.abs(e[i]));
                if (Double.isNaN(d) && !(Float.isNaN(a[i]) && Float.isNaN(e[i]))) {
                    return Double.POSITIVE_INFINITY;
                }
                worst = Math.max(worst, Double.isNaN(d) ? 0 : d);
            }
        } else if (expected instanceof int[] e) {
            int[] a = (int[]) actual;
            for (int i = 0; i < e.length; i++) {
                if (a[i] != e[i]) {
                    return 1;
                }
            }
        } else {
            throw new IllegalArgumentException("cannot compare " + expected.getClass());
        }
        return worst;
    }

    /** Everything: the matrix on every device, then the training comparison on every device. */
    public static int run(List<TornadoDevices.Entry> devices, int steps, int batch, PrintStream out) {
        out.println("TornadoVM devices:");
        devices.forEach(d -> out.println("  " + d.describe()));
        out.println();
        out.println("Kernels on every device against the JVM (error = max |device - jvm| / (1 + |jvm|)):");
        int failed = runKernels(devices, out);
        for (TornadoDevices.Entry device : devices) {
            out.println();
            out.printf("Training: net small, batch %d, %d steps, JVM against TornadoVM device %s (%s)%n", batch, steps,
                    device.id(), TornadoDevices.name(device.device()));
            failed += TrainingComparison.run(device.device(), steps, batch, out) ? 0 : 1;
        }
        // The two-device split: the first two devices, or the one device holding both towers.
        TornadoDevices.Entry first = devices.get(0);
        TornadoDevices.Entry second = devices.size() > 1 ? devices.get(1) : first;
        out.println();
        out.printf("Training on two devices (the paper's split): net small, batch %d, %d steps, JVM two-device net "
                + "against towers on %s and %s%s%n", batch, steps, first.id(), second.id(),
                first == second ? " (one device holds both towers)" : "");
        failed += TrainingComparison.runTwoDevices(first.device(), second.device(), steps, batch, out) ? 0 : 1;
        out.println();
        out.println(failed == 0 ? "portability suite: all passed" : "portability suite: " + failed + " failed");
        return failed;
    }

    public static List<TornadoDevices.Entry> select(List<String> ids) {
        List<TornadoDevices.Entry> all = TornadoDevices.all();
        if (ids == null || ids.isEmpty()) {
            return all;
        }
        List<TornadoDevices.Entry> chosen = new ArrayList<>();
        for (String id : ids) {
            TornadoDevices.byId(id);
            all.stream().filter(e -> e.id().equals(id.trim())).forEach(chosen::add);
        }
        return chosen;
    }
}

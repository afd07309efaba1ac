package alexnet.tornado;

import alexnet.net.Net;
import alexnet.net.spec.Architectures;
import alexnet.net.spec.NetSpec;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/** {@code scripts/alexnet-tornado}: devices, the portability suite, training on a TornadoVM device. */
@Command(name = "alexnet-tornado", mixinStandardHelpOptions = true,
        description = "AlexNet's kernels as TornadoVM task graphs on OpenCL/PTX/SPIR-V devices.",
        subcommands = {CommandLine.HelpCommand.class, TornadoMain.Devices.class, TornadoMain.Portability.class,
                TornadoMain.Train.class})
public final class TornadoMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    public static void main(String[] args) {
        int code = new CommandLine(new TornadoMain()).setExecutionExceptionHandler((error, commandLine, parse) -> {
            if (error instanceof IllegalArgumentException) {
                commandLine.getErr().println("alexnet-tornado: " + error.getMessage());
                return 2;
            }
            throw error;
        }).execute(args);
        System.exit(code);
    }

    @Command(name = "devices", mixinStandardHelpOptions = true, description = "List the TornadoVM devices.")
    static final class Devices implements Callable<Integer> {
        @Override
        public Integer call() {
            List<TornadoDevices.Entry> all = TornadoDevices.all();
            System.out.println("TornadoVM devices (id = backend:device, for --device):");
            all.forEach(d -> System.out.println("  " + d.describe()));
            if (all.isEmpty()) {
                System.out.println("  (none)");
            }
            return 0;
        }
    }

    @Command(name = "portability", mixinStandardHelpOptions = true,
            description = "Every kernel on every device against the JVM, then a short training run per device.")
    static final class Portability implements Callable<Integer> {
        @Option(names = "--device", split = ",", description = "Device ids (default: all), e.g. 0:0,1:0.")
        List<String> devices;
        @Option(names = "--steps", defaultValue = "6", description = "Training steps of the comparison (default 6).")
        int steps;
        @Option(names = "--batch", defaultValue = "8", description = "Batch of the comparison (default 8).")
        int batch;
        @Option(names = "--kernels-only", description = "Only the kernel matrix.")
        boolean kernelsOnly;

        @Override
        public Integer call() {
            List<TornadoDevices.Entry> chosen = PortabilitySuite.select(devices);
            if (kernelsOnly) {
                return PortabilitySuite.runKernels(chosen, System.out) == 0 ? 0 : 1;
            }
            return PortabilitySuite.run(chosen, steps, batch, System.out) == 0 ? 0 : 1;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train the small net on synthetic data on one TornadoVM device (with --compare-jvm: "
                    + "the JVM run beside it, losses and step times side by side).")
    static final class Train implements Callable<Integer> {
        @Option(names = "--device", defaultValue = "0:0", description = "TornadoVM device id (default 0:0).")
        String device;
        @Option(names = "--steps", defaultValue = "20", description = "Steps (default 20).")
        int steps;
        @Option(names = "--batch", defaultValue = "16", description = "Batch (default 16).")
        int batch;
        @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate (default 0.01).")
        float learningRate;
        @Option(names = "--compare-jvm", description = "Also run the JVM path and print both.")
        boolean compare;

        @Override
        public Integer call() {
            TornadoDevice chosen = TornadoDevices.byId(device);
            System.out.printf("device %s: %s (%s)%n", device, chosen.getDeviceName(), chosen.getTornadoVMBackend());
            if (compare) {
                return TrainingComparison.run(chosen, steps, batch, System.out) ? 0 : 1;
            }
            NetSpec spec = Architectures.small(TrainingComparison.CLASSES);
            Net net = new Net(spec, batch, TrainingComparison.SEED);
            net.initialize(TrainingComparison.SEED);
            int imageSize = spec.input().size();
            float[][] patterns = TrainingComparison.patterns(imageSize);
            float[] images = new float[batch * imageSize];
            int[] labels = new int[batch];
            long start = System.nanoTime();
            try (TornadoTrainingStep step = new TornadoTrainingStep(net, batch, chosen)) {
                double total = 0;
                for (int s = 0; s < steps; s++) {
                    TrainingComparison.batch(s, batch, imageSize, patterns, images, labels);
                    long t0 = System.nanoTime();
                    float loss = step.step(images, labels, s, learningRate);
                    long t1 = System.nanoTime();
                    if (s == 0) {
                        System.out.printf("graph of %d tasks built and compiled, first step: %.1f s%n", step.tasks(),
                                (t1 - start) / 1e9);
                    } else {
                        total += (t1 - t0) / 1e6;
                    }
                    System.out.printf("step %3d  loss %.5f  %.1f ms%n", s, loss, (t1 - t0) / 1e6);
                }
                step.syncToHost();
                if (steps > 1) {
                    System.out.printf("mean step time (steps 1..%d): %.1f ms for %d images%n", steps - 1,
                            total / (steps - 1), batch);
                }
            }
            return 0;
        }
    }
}

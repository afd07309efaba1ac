package alexnet.tornado;

import alexnet.cli.ErrorExits;
import alexnet.cli.TrainCommand;
import alexnet.net.parallel.DeviceFailureException;
import alexnet.net.spec.Architectures;
import alexnet.net.train.Trainer;
import alexnet.net.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * {@code scripts/alexnet-tornado}: devices, the portability suite (with its JVM-vs-device training
 * comparison), and {@code alexnet train} on a TornadoVM device.
 */
@Command(name = "alexnet-tornado", mixinStandardHelpOptions = true,
        description = "AlexNet's kernels as TornadoVM task graphs on OpenCL/PTX/SPIR-V devices.",
        subcommands = {CommandLine.HelpCommand.class, TornadoMain.Devices.class, TornadoMain.Portability.class,
                TornadoMain.Bench.class, TornadoMain.Train.class})
public final class TornadoMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    public static void main(String[] args) {
        System.exit(alexnet.cli.Main.execute(commandLine(), args, "alexnet-tornado"));
    }

    private static CommandLine commandLine() {
        return new CommandLine(new TornadoMain()).setExecutionExceptionHandler(
                new ErrorExits("alexnet-tornado", List.of(DeviceFailureException.class)));
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

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = {"The training step on a TornadoVM device, launch by launch: work-items, work-group, device "
                    + "time, GFLOP/s, share of the step; then the step's images/s beside the JVM's step.",
                    "With --devices 2: the paper's two-tower split, one tower per device of --device a,b."})
    static final class Bench implements Callable<Integer> {
        @Option(names = "--device", split = ",", defaultValue = "0:0",
                description = "TornadoVM device id(s), backend:device (default ${DEFAULT-VALUE}); with --devices 2, "
                        + "one per tower.")
        List<String> deviceIds;
        @Option(names = "--devices", defaultValue = "1", description = "1, or 2 for the two-tower split.")
        int devices;
        @Option(names = "--net", defaultValue = "alexnet", description = "alexnet or small (default ${DEFAULT-VALUE}).")
        String net;
        @Option(names = "--classes", defaultValue = "1000", description = "Classes (default ${DEFAULT-VALUE}).")
        int classes;
        @Option(names = "--batch", defaultValue = "128", description = "Batch (default ${DEFAULT-VALUE}, the paper's).")
        int batch;
        @Option(names = "--steps", defaultValue = "5", description = "Timed steps (default ${DEFAULT-VALUE}).")
        int steps;
        @Option(names = "--gemm", defaultValue = "auto",
                description = "Matrix products: tiled (KernelContext, local memory), plain (a CPU device's forms: "
                        + "register tiles of 4 x 8 or 4 x 4 elements of C), or auto: tiled on a GPU, plain on a "
                        + "CPU device. Default ${DEFAULT-VALUE}.")
        String gemm;
        @Option(names = "--grids", defaultValue = "auto",
                description = "Launch grids: all (every launch its work-groups), computed (launches whose "
                        + "kernel takes its loop bound from a parameter keep TornadoVM's own), or auto: computed on "
                        + "PTX, all elsewhere. Default ${DEFAULT-VALUE}.")
        String grids;
        @Option(names = "--jvm-steps", defaultValue = "2",
                description = "Timed JVM steps for the comparison, 0 for none (default ${DEFAULT-VALUE}).")
        int jvmSteps;
        @Option(names = "--threads", description = "JVM threads of the comparison (default: all cores).")
        int threads = Runtime.getRuntime().availableProcessors();
        @Option(names = "--peak-gflops", defaultValue = "0",
                description = "The device's FP32 peak in GFLOP/s, for a %% of peak column (H200: 67000).")
        double peakGflops;

        @Override
        public Integer call() {
            if (!List.of("auto", "all", "computed").contains(grids)) {
                throw new IllegalArgumentException("--grids " + grids + ": auto, all or computed");
            }
            if (!List.of("auto", "tiled", "plain").contains(gemm)) {
                throw new IllegalArgumentException("--gemm " + gemm + ": auto, tiled or plain");
            }
            if (batch < 1 || steps < 1 || jvmSteps < 0 || threads < 1) {
                throw new IllegalArgumentException("--batch, --steps and --threads must be >= 1, --jvm-steps >= 0");
            }
            if (devices != 1 && devices != 2 || devices == 1 && deviceIds.size() != 1 || deviceIds.size() > 2) {
                throw new IllegalArgumentException("--devices " + devices + " with --device " + deviceIds
                        + ": one device, or --devices 2 with one or two ids");
            }
            DeviceBenchmark.Settings settings = new DeviceBenchmark.Settings(
                    Architectures.variant(net, classes, List.of()), batch, steps,
                    gemm.equals("auto") ? null : gemm.equals("tiled"),
                    grids.equals("auto") ? null : grids.equals("all"), jvmSteps,
                    threads, peakGflops);
            TornadoDevices.Entry first = TornadoDevices.entry(deviceIds.get(0));
            if (devices == 1) {
                DeviceBenchmark.oneDevice(System.out, first, settings);
            } else {
                DeviceBenchmark.twoDevices(System.out, first, TornadoDevices.entry(deviceIds.get(deviceIds.size() - 1)),
                        settings);
            }
            return 0;
        }
    }

    /**
     * {@code alexnet train} (the Trainer: data set, the paper's schedule, validation after every epoch,
     * checkpoints, metrics, {@code --resume}) with every training step a TornadoVM task graph on
     * {@code --device}; every option of {@code alexnet train} is inherited.
     */
    @Command(name = "train",
            description = {"Train a net with the paper's SGD recipe on TornadoVM devices; parameters stay on the device, "
                    + "synced to the host for checkpoints and for the validation (which runs on the JVM). Options as "
                    + "`alexnet train`.",
                    "--devices 1: every training step (forward, backward, update) is one task graph on --device.",
                    "--devices 2: the paper's two-GPU split, one tower per device of --device a,b (one id: both towers "
                            + "on that device), each a chain of task graphs; the host exchanges the data between them "
                            + "where the paper's GPUs communicate.",
                    "Without --data: generates the embedded synthetic data set under data/synthetic and trains the "
                            + "small net on it."})
    static final class Train extends TrainCommand {
        @Option(names = "--device", split = ",", defaultValue = "0:0",
                description = "TornadoVM device id(s), backend:device (default ${DEFAULT-VALUE}); with --devices 2, "
                        + "one id per tower.")
        List<String> deviceIds;

        private final List<TornadoDevice> chosen = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            // A wrong combination or an unknown device is refused before any work (data, cache, net).
            if (devices == 1 && deviceIds.size() != 1) {
                throw new IllegalArgumentException("--devices 1 trains on one device: give one --device, not "
                        + deviceIds);
            }
            if (devices != 1 && (devices != 2 || deviceIds.size() > 2)) {
                throw new IllegalArgumentException("--devices " + devices + " with --device " + deviceIds
                        + ": TornadoVM trains on 1 device, or on 2 (one or two --device ids)");
            }
            for (String id : deviceIds) {
                TornadoDevice device = TornadoDevices.byId(id);
                chosen.add(device);
                System.out.printf("device %s: %s (%s)%n", id, TornadoDevices.name(device), device.getTornadoVMBackend());
            }
            return super.call();
        }

        @Override
        protected Trainer trainer(TrainingConfig config, String base, List<Architectures.Ablation> ablations,
                                  int devices) {
            if (devices == 1) {
                return new Trainer(config, base, ablations,
                        (spec, c) -> new TornadoNetwork(spec, c.batchSize(), c.seed(), chosen.get(0)));
            }
            TornadoDevice first = chosen.get(0);
            TornadoDevice second = chosen.get(chosen.size() - 1);
            return new Trainer(config, base, ablations, devices,
                    (spec, c) -> new TornadoTwoDeviceNet(spec, c.batchSize(), c.seed(), first, second));
        }
    }
}

package alexnet.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code alexnet} command line. Each subcommand is a class of its own in this package;
 * picocli answers unknown options and bad values with a message and exit code 2.
 */
@Command(name = "alexnet",
        mixinStandardHelpOptions = true,
        version = "alexnet 0.1.0",
        description = "AlexNet (Krizhevsky, Sutskever, Hinton 2012) on the JVM and TornadoVM.",
        subcommands = {CommandLine.HelpCommand.class, InfoCommand.class, TrainCommand.class, EvalCommand.class,
                ClassifyCommand.class, ExportCommand.class, ImportCommand.class, FigureCommand.class,
                ImportIdxCommand.class, BenchCommand.class, LoaderBenchCommand.class,
                DevicesCommand.class, alexnet.net.parallel.TwoDeviceBenchmark.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    public static void main(String[] args) {
        System.exit(execute(commandLine(), args, "alexnet"));
    }

    /**
     * Runs {@code commandLine} on {@code args} and returns its exit code; running out of heap, in any
     * command, is bad input (a batch or a net too large for the heap), said in one line with exit code 2,
     * not a crash to debug.
     */
    public static int execute(CommandLine commandLine, String[] args, String program) {
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            System.err.printf("%s: out of memory (the heap is %,d MiB): use a smaller --batch, or give the JVM more "
                    + "heap (-Xmx in ALEXNET_JAVA_OPTS)%n", program, Runtime.getRuntime().maxMemory() >> 20);
            return 2;
        }
    }

    /** The command line with its error handling ({@link ErrorExits}). */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler(
                new ErrorExits("alexnet", List.of(alexnet.net.parallel.DeviceFailureException.class)));
    }
}

package alexnet.cli;

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
        subcommands = {CommandLine.HelpCommand.class, InfoCommand.class, BenchCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}

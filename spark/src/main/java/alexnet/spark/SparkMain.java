package alexnet.spark;

import alexnet.cli.ErrorExits;
import alexnet.cli.Main;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code scripts/alexnet-spark} ({@code scripts/alexnet train --spark ...} comes here) and the main class of the
 * spark-submit jar: {@code train} on a Spark cluster. Bad input is one line and exit code 2, a diverged run 3,
 * a cluster that failed for good (Spark's retries used up) 4.
 */
@Command(name = "alexnet-spark", mixinStandardHelpOptions = true,
        description = "AlexNet trained data-parallel on an Apache Spark cluster.",
        subcommands = {CommandLine.HelpCommand.class, SparkTrainCommand.class})
public final class SparkMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    public static void main(String[] args) {
        System.exit(Main.execute(commandLine(), args, "alexnet"));
    }

    static CommandLine commandLine() {
        return new CommandLine(new SparkMain()).setExecutionExceptionHandler(
                new ErrorExits("alexnet", List.of(WorkerFailureException.class)));
    }
}

package alexnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code alexnet figure ...}: the paper's figures drawn from a run folder, each a PNG with its numbers beside it. */
@Command(name = "figure", mixinStandardHelpOptions = true,
        description = {"The paper's figures from run folders: a PNG, and beside it a TSV of the numbers it shows.",
                "filters: Figure 3; predictions, neighbours: Figure 4; curves: Figure 1; ablations: the ablation runs' "
                        + "errors beside the paper's."},
        subcommands = {FiltersFigureCommand.class, PredictionsFigureCommand.class, NeighboursFigureCommand.class,
                CurvesFigureCommand.class, AblationsFigureCommand.class})
final class FigureCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing figure: filters, predictions, neighbours, "
                + "curves or ablations");
    }
}

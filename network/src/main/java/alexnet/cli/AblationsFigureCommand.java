package alexnet.cli;

import alexnet.figures.AblationSummary;
import alexnet.figures.AblationsFigure;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code alexnet figure ablations}: the ablation runs' final errors over seeds, beside the paper's claims. */
@Command(name = "ablations", mixinStandardHelpOptions = true,
        description = "The final validation errors (centre crop, the last row of each metrics.csv) of the runs "
                + "<config>-seed<N> in a folder (as scripts/ablations writes them): mean and standard deviation over "
                + "seeds per configuration, the difference to its reference, and the paper's claimed difference.")
final class AblationsFigureCommand implements Callable<Integer> {

    /** The order scripts/ablations trains them in: the references first. */
    static final List<String> ORDER = List.of("baseline", "two-devices", "no-lrn", "no-overlap", "no-dropout", "one-gpu");

    @Option(names = "--runs", defaultValue = "runs/ablations", description = "Folder of the ablation runs. "
            + "Default: ${DEFAULT-VALUE}.")
    Path runs;

    @Option(names = "--out", description = "PNG to write (its numbers go beside it, .tsv). Default: <runs>/ablations.png.")
    Path out;

    @Override
    public Integer call() throws Exception {
        AblationsFigure figure = new AblationsFigure(AblationSummary.read(runs, ORDER));
        figure.lines().forEach(System.out::println);
        FigureOutput.write(out != null ? out : runs.resolve("ablations.png"), figure.draw(), AblationsFigure.header(),
                figure.rows());
        return 0;
    }
}

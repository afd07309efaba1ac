package alexnet.cli;

import alexnet.figures.CurvesFigure;
import alexnet.figures.RunMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code alexnet figure curves}: Figure 1, training error against epochs for several runs. */
@Command(name = "curves", mixinStandardHelpOptions = true,
        description = {"Figure 1: training error (metrics.csv's train_top1_error: the top-1 error on each epoch's "
                + "training batches while they were trained on) against epochs, several runs on one chart; prints the "
                + "epoch at which each first reaches --target.",
                "The paper: ReLU reaches 25% six times sooner than tanh (train the second run with --ablation tanh)."})
final class CurvesFigureCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "Run folder; give one --run per curve.")
    List<Path> runs;

    @Option(names = "--label", description = "The curves' names, one per --run. Default: the run folders' names.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--target", defaultValue = "0.25", description = "Training error to reach, a fraction. "
            + "Default: ${DEFAULT-VALUE} (the paper's).")
    double target;

    @Option(names = "--out", required = true, description = "PNG to write (its numbers go beside it, .tsv).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!labels.isEmpty() && labels.size() != runs.size()) {
            throw new IllegalArgumentException(labels.size() + " --label for " + runs.size() + " --run: give one per run "
                    + "or none");
        }
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("--target is a fraction between 0 and 1, not " + target);
        }
        List<CurvesFigure.Curve> curves = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            String label = labels.isEmpty() ? runs.get(i).toAbsolutePath().normalize().getFileName().toString()
                    : labels.get(i);
            curves.add(CurvesFigure.Curve.of(label, RunMetrics.read(runs.get(i))));
        }
        CurvesFigure figure = new CurvesFigure(curves, target);
        FigureOutput.write(out, figure.draw(), figure.header(), figure.rows());
        OptionalInt first = curves.get(0).firstEpochAtOrBelow(target);
        for (CurvesFigure.Curve curve : curves) {
            System.out.println(reached(curve, first, curves.get(0).label()));
        }
        return 0;
    }

    /** "tanh: 25% training error at epoch 12 (6.0x relu's epochs)", or how close it came. */
    private String reached(CurvesFigure.Curve curve, OptionalInt firstRunsEpoch, String firstLabel) {
        OptionalInt epoch = curve.firstEpochAtOrBelow(target);
        if (epoch.isEmpty()) {
            int best = 0;
            for (int i = 1; i < curve.errors().length; i++) {
                best = curve.errors()[i] < curve.errors()[best] ? i : best;
            }
            return curve.errors().length == 0 ? curve.label() + ": no epoch finished"
                    : String.format(Locale.ROOT, "%s: never at %.0f%% training error in %d epochs (lowest %.2f%%, epoch "
                            + "%d)", curve.label(), 100 * target, curve.errors().length, 100 * curve.errors()[best],
                            (int) curve.epochs()[best]);
        }
        String ratio = firstRunsEpoch.isEmpty() || curve.label().equals(firstLabel) ? ""
                : String.format(Locale.ROOT, " (%.1fx %s's epochs)", epoch.getAsInt() / (double) firstRunsEpoch.getAsInt(),
                        firstLabel);
        return String.format(Locale.ROOT, "%s: %.0f%% training error at epoch %d%s", curve.label(), 100 * target,
                epoch.getAsInt(), ratio);
    }
}

package alexnet.cli;

import alexnet.figures.FiltersFigure;
import alexnet.figures.FirstLayerKernels;
import alexnet.net.train.TrainedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code alexnet figure filters}: Figure 3, the first layer's kernels, and whether the two halves differ in colour. */
@Command(name = "filters", mixinStandardHelpOptions = true,
        description = {"Figure 3: the first layer's kernels as colour patches, device 0's (the first half) above "
                + "device 1's, each kernel stretched to the full brightness range.",
                "Prints each half's mean chroma: the share of a kernel's variation that is colour rather than "
                        + "brightness (0: grey, 1: colour only; random weights: about 0.67)."})
final class FiltersFigureCommand implements Callable<Integer> {

    @Option(names = "--run", defaultValue = "runs/synthetic-small",
            description = "Run folder written by train. Default: ${DEFAULT-VALUE} (train's without options).")
    Path run;

    @Option(names = "--out", description = "PNG to write (its numbers go beside it, .tsv). Default: <run>/filters.png.")
    Path out;

    @Option(names = "--scale", defaultValue = "0", description = "Screen pixels per weight (0: about 40 per kernel). "
            + "Default: ${DEFAULT-VALUE}.")
    int scale;

    @Override
    public Integer call() throws Exception {
        if (scale < 0) {
            throw new IllegalArgumentException("--scale must not be negative: " + scale);
        }
        FirstLayerKernels kernels = FirstLayerKernels.of(TrainedModel.load(run, 1).net());
        FiltersFigure figure = new FiltersFigure(kernels, scale);
        List<List<Object>> rows = new ArrayList<>();
        for (int k = 0; k < kernels.count(); k++) {
            rows.add(List.of(k, k < kernels.firstHalf() ? 0 : 1, kernels.chromaFraction(k)));
        }
        FigureOutput.write(out != null ? out : run.resolve("filters.png"), figure.draw(),
                List.of("kernel", "half", "chroma"), rows);
        int half = kernels.firstHalf();
        double first = kernels.meanChromaFraction(0, half);
        double second = kernels.meanChromaFraction(half, kernels.count());
        System.out.printf(Locale.ROOT, "%s kernels 0-%d (device 0 of a two-device run): mean chroma %.3f%n",
                kernels.layer(), half - 1, first);
        System.out.printf(Locale.ROOT, "%s kernels %d-%d (device 1 of a two-device run): mean chroma %.3f%n",
                kernels.layer(), half, kernels.count() - 1, second);
        System.out.printf(Locale.ROOT, "difference %.3f; the paper: one GPU's kernels largely colour-agnostic, the "
                + "other's colour-specific (chroma 0: brightness only, 1: colour only, random weights about 0.67)%n",
                Math.abs(first - second));
        return 0;
    }
}

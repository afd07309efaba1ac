package alexnet.cli;

import alexnet.data.PackedImages;
import alexnet.figures.NeighboursFigure;
import alexnet.figures.Samples;
import alexnet.kernels.JvmExecutor;
import alexnet.net.train.TrainedModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code alexnet figure neighbours}: Figure 4 (right), the training images nearest to validation images. */
@Command(name = "neighbours", mixinStandardHelpOptions = true,
        description = "Figure 4 (right): validation images, each followed by the training images whose last hidden "
                + "layer (relu7: fc7 after its ReLU) is nearest in Euclidean distance; centre crops.")
final class NeighboursFigureCommand implements Callable<Integer> {

    @Mixin
    RunImagesOptions options = new RunImagesOptions();

    @Option(names = "--queries", defaultValue = "5",
            description = "Validation images, spread evenly over the split. Default: ${DEFAULT-VALUE} (the paper's).")
    int queries;

    @Option(names = "--neighbours", defaultValue = "6", description = "Neighbours per query. Default: ${DEFAULT-VALUE} "
            + "(the paper's).")
    int neighbours;

    @Option(names = "--training-images", defaultValue = "0", description = "Search only this many training images, "
            + "spread evenly over the split (0: all). Default: ${DEFAULT-VALUE}.")
    int trainingImages;

    @Option(names = "--out", description = "PNG to write (its numbers go beside it, .tsv). Default: <run>/neighbours.png.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (queries < 1 || neighbours < 1 || trainingImages < 0 || options.batch < 1) {
            throw new IllegalArgumentException("--queries, --neighbours and --batch must be at least 1, "
                    + "--training-images at least 0");
        }
        TrainedModel model = TrainedModel.load(options.run, options.batch);
        RunDataSet dataSet = RunDataSet.open(model, options.run, options.data, options.cacheOptions);
        PackedImages val = dataSet.data().val();
        PackedImages train = dataSet.data().train();
        if (val.count() == 0) {
            throw new IllegalArgumentException(dataSet.root() + ": has no validation images to query with");
        }
        int searched = trainingImages == 0 ? train.count() : Math.min(trainingImages, train.count());
        try (JvmExecutor device = new JvmExecutor(options.threads())) {
            NeighboursFigure figure = NeighboursFigure.compute(model.net(), model.statistics(), val,
                    Samples.evenlySpaced(val.count(), queries), train, Samples.evenlySpaced(train.count(), searched),
                    neighbours, model.classNames(), device);
            FigureOutput.write(options.out(out, "neighbours.png"), figure.draw(), NeighboursFigure.header(),
                    figure.numbers());
            long same = figure.rows().stream().flatMap(row -> row.neighbours().stream()
                    .filter(n -> n.label() == row.query().label())).count();
            long all = figure.rows().stream().mapToLong(row -> row.neighbours().size()).sum();
            System.out.printf("%d of %d neighbours (among %d training images) are of their query's class%n", same, all,
                    searched);
        }
        return 0;
    }
}

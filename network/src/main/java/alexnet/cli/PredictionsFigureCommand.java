package alexnet.cli;

import alexnet.data.PackedImages;
import alexnet.figures.PredictionsFigure;
import alexnet.figures.Samples;
import alexnet.kernels.JvmExecutor;
import alexnet.net.train.TrainedModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code alexnet figure predictions}: Figure 4 (left), validation images with their five most probable classes. */
@Command(name = "predictions", mixinStandardHelpOptions = true,
        description = "Figure 4 (left): validation images, each with its true class and the net's top 5 classes as "
                + "probability bars (the true class red); centre crop.")
final class PredictionsFigureCommand implements Callable<Integer> {

    @Mixin
    RunImagesOptions options = new RunImagesOptions();

    @Option(names = "--images", defaultValue = "8",
            description = "Images, spread evenly over the split. Default: ${DEFAULT-VALUE} (the paper's).")
    int images;

    @Option(names = "--split", defaultValue = "val", description = "val or train. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--out", description = "PNG to write (its numbers go beside it, .tsv). Default: <run>/predictions.png.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (images < 1 || options.batch < 1) {
            throw new IllegalArgumentException("--images and --batch must be at least 1");
        }
        if (!split.equals("val") && !split.equals("train")) {
            throw new IllegalArgumentException("--split must be val or train, not " + split);
        }
        TrainedModel model = TrainedModel.load(options.run, options.batch);
        RunDataSet dataSet = RunDataSet.open(model, options.run, options.data, options.cacheOptions);
        PackedImages shown = split.equals("val") ? dataSet.data().val() : dataSet.data().train();
        if (shown.count() == 0) {
            throw new IllegalArgumentException(dataSet.root() + ": has no " + split + " images");
        }
        try (JvmExecutor device = new JvmExecutor(options.threads())) {
            PredictionsFigure figure = PredictionsFigure.compute(model.net(), shown, model.statistics(),
                    Samples.evenlySpaced(shown.count(), images), model.classNames(), device);
            FigureOutput.write(options.out(out, "predictions.png"), figure.draw(), PredictionsFigure.header(),
                    figure.rows());
            long top1 = figure.predictions().stream().filter(p -> p.rankOfLabel() == 1).count();
            long top5 = figure.predictions().stream().filter(p -> p.rankOfLabel() <= 5).count();
            System.out.printf("true class first in %d and among the top 5 in %d of %d images%n", top1, top5,
                    figure.predictions().size());
        }
        return 0;
    }
}

package alexnet.cli;

import alexnet.data.EvaluationBatches;
import alexnet.data.LoaderConfig;
import alexnet.data.PackedDataset;
import alexnet.data.PackedImages;
import alexnet.kernels.JvmExecutor;
import alexnet.net.train.Evaluator;
import alexnet.net.train.TrainedModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code alexnet eval}: top-1 / top-5 error of a trained run, centre crop and the paper's 10 views. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Top-1 and top-5 error of a trained run on a data set's validation (or training) images.")
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--run", defaultValue = "runs/synthetic-small",
            description = "Run folder written by train. Default: ${DEFAULT-VALUE} (train's without options).")
    Path run;

    @Option(names = "--data", description = "ImageNet-layout folder with the classes the run was trained on. "
            + "Default: the data set the run was trained on.")
    Path data;

    @Mixin
    CacheOptions cacheOptions = new CacheOptions();

    @Option(names = "--split", defaultValue = "val", description = "val or train. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--batch", defaultValue = "100", description = "Views per forward pass. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--threads", description = "Kernel threads. Default: all cores.")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if (!split.equals("val") && !split.equals("train")) {
            throw new IllegalArgumentException("--split must be val or train, not " + split);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, not " + batch);
        }
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
        }
        TrainedModel model = TrainedModel.load(run, Math.max(batch, 10));
        RunDataSet dataSet = RunDataSet.open(model, run, data, cacheOptions);
        Path dataRoot = dataSet.root();
        PackedDataset dataset = dataSet.data();
        PackedImages images = split.equals("val") ? dataset.val() : dataset.train();
        if (images.count() == 0) {
            throw new IllegalArgumentException(dataRoot + ": has no " + split + " images");
        }
        int crop = model.net().spec().input().height();
        float scale = model.net().spec().inputScale();
        try (JvmExecutor device = new JvmExecutor(threads != null ? threads : Runtime.getRuntime().availableProcessors())) {
            LoaderConfig centreConfig = LoaderConfig.of(batch, crop).withPixelScale(scale);
            LoaderConfig tenViewConfig = LoaderConfig.of(Math.max(1, batch / 10), crop).withPixelScale(scale);
            Evaluator.Result centre = Evaluator.evaluate(model.net(),
                    EvaluationBatches.centre(images, model.statistics(), centreConfig), device);
            Evaluator.Result tenViews = Evaluator.evaluate(model.net(),
                    EvaluationBatches.tenViews(images, model.statistics(), tenViewConfig), device);
            System.out.printf("%s after %d epochs, %d %s images of %s%n", model.identity().fingerprint(), model.epoch(),
                    centre.images(), split, dataRoot);
            System.out.printf("%-22s %8s %8s %8s%n", "views", "loss", "top-1", "top-5");
            print("centre crop", centre);
            print("10 views (paper)", tenViews);
        }
        return 0;
    }

    private static void print(String views, Evaluator.Result result) {
        System.out.printf("%-22s %8.4f %7.2f%% %7.2f%%%n", views, result.loss(), 100 * result.top1Error(),
                100 * result.top5Error());
    }
}

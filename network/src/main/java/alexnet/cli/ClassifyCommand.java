package alexnet.cli;

import alexnet.data.BadImageException;
import alexnet.data.ImagePreprocessor;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Layer;
import alexnet.net.Net;
import alexnet.net.train.TrainedModel;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code alexnet classify FILE...}: the top-5 classes of each image, averaged over the paper's 10 views. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Print the five most probable classes of each image (softmax averaged over the 10 views).",
                "An image that can't be read is named on standard error and skipped; the exit code is then 2."})
final class ClassifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run", defaultValue = "runs/synthetic-small",
            description = "Run folder written by train. Default: ${DEFAULT-VALUE} (train's without options).")
    Path run;

    @Option(names = "--centre-only", description = "Use the centre crop alone instead of the 10 views.")
    boolean centreOnly;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (JPEG, PNG, ...; any size).")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        int views = centreOnly ? 1 : 10;
        TrainedModel model = TrainedModel.load(run, views);
        Net net = model.net();
        ImagePreprocessor preprocessor = new ImagePreprocessor(model.statistics(), net.spec().input().height(),
                net.spec().inputScale());
        int classes = net.spec().classes();
        int failures = 0;
        try (JvmExecutor device = new JvmExecutor()) {
            for (Path image : images) {
                float[] input;
                try {
                    input = centreOnly ? preprocessor.centreView(image) : preprocessor.tenViews(image);
                } catch (BadImageException e) {
                    spec.commandLine().getErr().println("alexnet: " + e.getMessage());
                    failures++;
                    continue;
                }
                System.arraycopy(input, 0, net.input().data(), 0, input.length);
                net.forward(new int[views], views, new Layer.Pass(false, 0), device);
                float[] probabilities = new float[classes];
                for (int v = 0; v < views; v++) {
                    for (int c = 0; c < classes; c++) {
                        probabilities[c] += net.probabilities()[v * classes + c] / views;
                    }
                }
                System.out.println(image);
                IntStream.range(0, classes).boxed()
                        .sorted(Comparator.comparingDouble((Integer c) -> probabilities[c]).reversed())
                        .limit(5)
                        .forEach(c -> System.out.printf("  %6.2f%%  %s  %s%n", 100 * probabilities[c],
                                model.wnids().get(c), model.classNames().get(c)));
            }
        }
        // Bad input, as everywhere: exit code 2 (after the readable images were classified).
        return failures == 0 ? 0 : 2;
    }
}

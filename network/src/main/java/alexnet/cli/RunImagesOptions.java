package alexnet.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of a figure that runs images through a trained run: which run, which data, how. */
final class RunImagesOptions {

    @Option(names = "--run", defaultValue = "runs/synthetic-small",
            description = "Run folder written by train. Default: ${DEFAULT-VALUE} (train's without options).")
    Path run;

    @Option(names = "--data", description = "ImageNet-layout folder with the run's classes. "
            + "Default: the data set the run was trained on.")
    Path data;

    @Mixin
    CacheOptions cacheOptions = new CacheOptions();

    @Option(names = "--batch", defaultValue = "64", description = "Images per forward pass. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--threads", description = "Kernel threads. Default: all cores.")
    Integer threads;

    int threads() {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
        }
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    Path out(Path given, String name) {
        return given != null ? given : run.resolve(name);
    }
}
